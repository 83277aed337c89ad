package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.common.BadInputException;

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
  void resultsAreStoredInBlocks() throws Exception {
    StoreScenarios.resultsInBlocks(url());
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
  void devicesShareRowsAndABigOneHasItsOwn() throws Exception {
    StoreScenarios.devicesShareRowsAndABigOneHasItsOwn(url());
  }

  @Test
  void devicesStoredOneToARowMoveIntoBlocks() throws Exception {
    StoreScenarios.devicesStoredOneToARowMoveIntoBlocks(url());
  }
}
