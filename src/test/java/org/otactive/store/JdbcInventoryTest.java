package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.common.BadInputException;
import org.otactive.inventory.Observation;

/** The store on the default database: H2 in a file. */
class JdbcInventoryTest {
  @TempDir Path dir;

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("db");
  }

  @Test
  void keepsHistoryReportsChangesAndSurvivesReopening() {
    StoreScenarios.historyChangesAndReopening(url());
  }

  @Test
  void aScanOfNewDevicesThenTheSameAgain() {
    StoreScenarios.aScanOfNewDevicesThenTheSameAgain(url());
  }

  @Test
  void aBatchPreparedBeforeItsDevicesWereStoredTakesThemAsStored() {
    StoreScenarios.aBatchPreparedBeforeItsDevicesWereStored(url());
  }

  @Test
  void aBatchWithManyDevicesAndRepeatsIsConsistent() {
    StoreScenarios.aBatchWithManyDevicesAndRepeats(url());
  }

  @Test
  void eachSourceKeepsItsOwnLatestValue() throws Exception {
    StoreScenarios.eachSourceKeepsItsOwnLatestValue(url());
  }

  @Test
  void valuesStoredBeforeProvenanceGetOneLatestPerSource() throws Exception {
    StoreScenarios.valuesStoredBeforeProvenanceGetOneLatestPerSource(url());
  }

  @Test
  void sitesRoundTrip() {
    StoreScenarios.sitesRoundTrip(url());
  }

  @Test
  void sitesOfAnOlderVersionHaveNoExclusions() throws Exception {
    StoreScenarios.sitesOfAnOlderVersionHaveNoExclusions(url());
  }

  @Test
  void resultsAreStoredInBlocks() throws Exception {
    StoreScenarios.resultsInBlocks(url());
  }

  @Test
  void resultBlocksOfTwoWritersAreAllKeptInOrder() throws Exception {
    StoreScenarios.resultBlocksOfTwoWriters(url());
  }

  @Test
  void doneOfUnfinishedRunsIsTheirBlocksSum() throws Exception {
    StoreScenarios.doneOfUnfinishedRunsIsTheirBlocksSum(url());
  }

  @Test
  void resultRowsOfOlderVersionsMoveIntoBlocks() throws Exception {
    StoreScenarios.resultRowsOfOlderVersionsMoveIntoBlocks(url());
  }

  @Test
  void onlyGapsIsKeptWithTheMethodRow() {
    StoreScenarios.onlyGapsIsKeptWithTheMethodRow(url());
  }

  @Test
  void runLogRoundTrip() throws Exception {
    StoreScenarios.runLogRoundTrip(url());
  }

  @Test
  void aBadUrlIsAClearError() {
    assertThatThrownBy(() -> Database.open("postgres://x"))
        .isInstanceOf(BadInputException.class).hasMessageContaining("postgres://x");
  }

  @Test
  void concurrentWritersOfTheSameDevicesLoseNothing() throws Exception {
    StoreScenarios.concurrentWritersOfTheSameDevicesLoseNothing(url());
  }

  @Test
  void longValuesAreKeptAsLatestAndInHistory() throws Exception {
    StoreScenarios.longValuesAreKeptAsLatestAndInHistory(url());
  }

  @Test
  void aDeviceMovingRowsDuringAListingIsListedOnce() throws Exception {
    StoreScenarios.aDeviceMovingRowsDuringAListingIsListedOnce(url());
  }

  @Test
  void eachDeviceGivesWhatDevicesGives() throws Exception {
    StoreScenarios.eachDeviceGivesWhatDevicesGives(url());
  }

  @Test
  void devicesShareRowsAndABigOneHasItsOwn() throws Exception {
    StoreScenarios.devicesShareRowsAndABigOneHasItsOwn(url());
  }

  @Test
  void devicesStoredOneToARowMoveIntoBlocks() throws Exception {
    StoreScenarios.devicesStoredOneToARowMoveIntoBlocks(url());
  }

  /**
   * The shortcut for a new device whose values a batch gives once each records what applying the
   * observations one by one records: the same changes, devices and histories, over batches of new
   * and known devices with repeated, changed, late and MAC values.
   */
  @Test
  void theShortcutForNewDevicesRecordsWhatTheRulesRecord() {
    Random random = new Random(11);
    String[] attributes = {"hostname", "fqdn", "mac"};
    String[] sources = {"rdns", "passive"};
    String[] values = {"a", "b", "00:11:22:33:44:55", "x".repeat(20)};
    Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
    List<List<Observation>> batches = new ArrayList<>();
    for (int batch = 0; batch < 40; batch++) {
      List<Observation> observations = new ArrayList<>();
      for (int i = 1 + random.nextInt(12); i > 0; i--) {
        observations.add(new Observation("10.9.0." + random.nextInt(40), attributes[random.nextInt(attributes.length)],
            values[random.nextInt(values.length)], sources[random.nextInt(sources.length)], "d" + random.nextInt(2),
            t0.plusSeconds(random.nextInt(600))));
      }
      batches.add(observations);
    }
    assertThat(shortcutsRecordWhatTheRulesRecord(batches)).hasSizeGreaterThan(30);
  }

  /**
   * Known devices that a batch only confirms are worked on their bytes; with that shortcut and
   * without, the same changes, devices and histories, over batches that mostly find what the last
   * one found (earlier and later, with other details, values not ASCII) and sometimes something new,
   * and new devices after batches of known ones only (packed when recorded, not ahead).
   */
  @Test
  void confirmationsOnTheBytesRecordWhatTheRulesRecord() {
    Random random = new Random(12);
    String[][] known = {{"hostname", "rdns", "plc-"}, {"fqdn", "rdns", "plc.wärme.example-"}, {"os", "wem", "Windows ✓ "},
        {"mac", "passive", "00:11:22:33:44:"}};
    Instant t0 = Instant.parse("2026-11-01T10:00:00.000001Z");
    List<List<Observation>> batches = new ArrayList<>();
    for (int batch = 0; batch < 60; batch++) {
      List<Observation> observations = new ArrayList<>();
      for (int device = 0; device < (batch < 20 ? 30 : 36); device++) {
        for (String[] a : known) {
          if (batch > 0 && random.nextInt(3) == 0) continue; // not every value every time
          // mostly the value of the device, now and then one of a neighbour's (a change, or a late one)
          int whose = random.nextInt(10) == 0 ? random.nextInt(30) : device;
          observations.add(new Observation("10.9." + (device % 3) + "." + device, a[0], a[2] + (whose < 10 ? "0" : "") + whose,
              a[1], "d" + random.nextInt(3), t0.plusMillis(batch * 1000L + random.nextInt(3000) - 1500).plusNanos(random.nextInt(999))));
        }
      }
      java.util.Collections.shuffle(observations, random);
      batches.add(observations);
    }
    assertThat(shortcutsRecordWhatTheRulesRecord(batches)).hasSize(36);
  }

  /**
   * Records the batches in two stores, with the shortcuts and by the rules alone, and checks that
   * each batch reports the same changes and that both end with the same devices and histories.
   *
   * @return the devices
   */
  private List<org.otactive.inventory.Device> shortcutsRecordWhatTheRulesRecord(List<List<Observation>> batches) {
    try (Database one = Database.open(url()); Database other = Database.open("jdbc:h2:file:" + dir.resolve("rules"))) {
      JdbcInventory shortcut = new JdbcInventory(one);
      JdbcInventory rules = new JdbcInventory(other);
      for (int batch = 0; batch < batches.size(); batch++) {
        List<Observation> observations = batches.get(batch);
        assertThat(shortcut.record(shortcut.prepare(observations, true))).as("batch %d", batch)
            .isEqualTo(rules.record(rules.prepare(observations, false)));
      }
      List<org.otactive.inventory.Device> devices = shortcut.devices();
      assertThat(devices).isEqualTo(rules.devices());
      for (org.otactive.inventory.Device d : devices) {
        assertThat(shortcut.device(d.address())).as(d.address()).isEqualTo(rules.device(d.address()));
      }
      return devices;
    }
  }
}
