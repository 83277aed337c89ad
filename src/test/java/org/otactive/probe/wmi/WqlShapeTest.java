package org.otactive.probe.wmi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.otactive.common.BadInputException;

class WqlShapeTest {
  @ParameterizedTest
  @ValueSource(strings = {
    WindowsHostCollector.OS_QUERY,
    WindowsHostCollector.SYSTEM_QUERY,
    WindowsHostCollector.BIOS_QUERY,
    WindowsHostCollector.ADAPTER_QUERY,
    WindowsHostCollector.HOTFIX_QUERY,
    ConfiguredWem.TEST_QUERY,
    "SELECT * FROM Win32_NetworkAdapterConfiguration WHERE IPEnabled = TRUE",
    "select name,processid from win32_process where name like 'svc%'",
    "  SELECT *FROM Win32_Service  ",
    "SELECT\n  Caption\nFROM\n  Win32_OperatingSystem",
    "SELECT * FROM meta_class WHERE __this ISA 'Win32_LogicalDisk'",
    "SELECT __CLASS FROM Win32_Processor",
    "ASSOCIATORS OF {Win32_LogicalDisk.DeviceID='C:'} WHERE ResultClass = Win32_Directory",
    "references of {Win32_NetworkAdapter.DeviceID=\"0\"}",
  })
  void dataQueriesPass(String query) {
    assertThatCode(() -> WqlShape.check(query)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "SELECT FROM Win32_OperatingSystem",
    "SELECT * FROM",
    "SELECT * Win32_OperatingSystem",
    "SELECT Caption,,Version FROM Win32_OperatingSystem",
    "SELECT Caption FROM Win32_OperatingSystem; SELECT * FROM Win32_Process",
    "SELECT * FROM __InstanceCreationEvent WITHIN 5 WHERE TargetInstance ISA 'Win32_Process'",
    "SELECT * FROM Win32_Process WHERE",
    "SELECT * FROM root\\cimv2:Win32_Process",
    "ASSOCIATORS OF Win32_LogicalDisk",
    "REFERENCES OF {}",
  })
  void otherShapesAreRefusedNamingTheQuery(String query) {
    assertThatThrownBy(() -> WqlShape.check(query)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("not a WQL data query: '")
        .hasMessageContaining("(the forms: SELECT * | PROPERTY, ... FROM CLASS [WHERE ...]")
        .hasMessageEndingWith("; nothing was sent");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELEC broken", "DELETE FROM Win32_Process", "Win32_OperatingSystem", "", "   ", "{x}"})
  void queriesOfNoKnownKindSayHowOneStarts(String query) {
    assertThatThrownBy(() -> WqlShape.check(query)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("a WQL data query starts with SELECT, ASSOCIATORS OF or REFERENCES OF: '" + query.strip() + "'");
  }

  @org.junit.jupiter.api.Test
  void aHostileQueryIsEchoedPrintableAndShort() {
    String hostile = "SELEC \u001b[31m" + "x".repeat(500);
    assertThatThrownBy(() -> WqlShape.check(hostile)).isInstanceOf(BadInputException.class)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\u001b").hasSizeLessThan(400));
  }
}
