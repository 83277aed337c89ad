package org.otactive.store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.otactive.testing.PostgresServer;

/** The same store behaviour on a real PostgreSQL, the central database of a multi-sensor setup. */
class PostgresStoreTest {
  static PostgresServer pg;

  @BeforeAll
  static void start() throws Exception {
    pg = PostgresServer.shared();
  }

  @Test
  void keepsHistoryReportsChangesAndSurvivesReopening() throws Exception {
    StoreScenarios.historyChangesAndReopening(pg.newDatabase());
  }

  @Test
  void aScanOfNewDevicesThenTheSameAgain() throws Exception {
    StoreScenarios.aScanOfNewDevicesThenTheSameAgain(pg.newDatabase());
  }

  @Test
  void aBatchPreparedBeforeItsDevicesWereStoredTakesThemAsStored() throws Exception {
    StoreScenarios.aBatchPreparedBeforeItsDevicesWereStored(pg.newDatabase());
  }

  @Test
  void aBatchWithManyDevicesAndRepeatsIsConsistent() throws Exception {
    StoreScenarios.aBatchWithManyDevicesAndRepeats(pg.newDatabase());
  }

  @Test
  void eachSourceKeepsItsOwnLatestValue() throws Exception {
    StoreScenarios.eachSourceKeepsItsOwnLatestValue(pg.newDatabase());
  }

  @Test
  void valuesStoredBeforeProvenanceGetOneLatestPerSource() throws Exception {
    StoreScenarios.valuesStoredBeforeProvenanceGetOneLatestPerSource(pg.newDatabase());
  }

  @Test
  void sitesRoundTrip() throws Exception {
    StoreScenarios.sitesRoundTrip(pg.newDatabase());
  }

  @Test
  void sitesOfAnOlderVersionHaveNoExclusions() throws Exception {
    StoreScenarios.sitesOfAnOlderVersionHaveNoExclusions(pg.newDatabase());
  }

  @Test
  void resultsAreStoredInBlocks() throws Exception {
    StoreScenarios.resultsInBlocks(pg.newDatabase());
  }

  @Test
  void resultBlocksOfTwoWritersAreAllKeptInOrder() throws Exception {
    StoreScenarios.resultBlocksOfTwoWriters(pg.newDatabase());
  }

  @Test
  void doneOfUnfinishedRunsIsTheirBlocksSum() throws Exception {
    StoreScenarios.doneOfUnfinishedRunsIsTheirBlocksSum(pg.newDatabase());
  }

  @Test
  void resultRowsOfOlderVersionsMoveIntoBlocks() throws Exception {
    StoreScenarios.resultRowsOfOlderVersionsMoveIntoBlocks(pg.newDatabase());
  }

  @Test
  void onlyGapsIsKeptWithTheMethodRow() throws Exception {
    StoreScenarios.onlyGapsIsKeptWithTheMethodRow(pg.newDatabase());
  }

  @Test
  void runLogRoundTrip() throws Exception {
    StoreScenarios.runLogRoundTrip(pg.newDatabase());
  }

  @Test
  void concurrentWritersOfTheSameDevicesLoseNothing() throws Exception {
    StoreScenarios.concurrentWritersOfTheSameDevicesLoseNothing(pg.newDatabase());
  }

  @Test
  void longValuesAreKeptAsLatestAndInHistory() throws Exception {
    StoreScenarios.longValuesAreKeptAsLatestAndInHistory(pg.newDatabase());
  }

  @Test
  void aDeviceMovingRowsDuringAListingIsListedOnce() throws Exception {
    StoreScenarios.aDeviceMovingRowsDuringAListingIsListedOnce(pg.newDatabase());
  }

  @Test
  void eachDeviceGivesWhatDevicesGives() throws Exception {
    StoreScenarios.eachDeviceGivesWhatDevicesGives(pg.newDatabase());
  }

  @Test
  void devicesShareRowsAndABigOneHasItsOwn() throws Exception {
    StoreScenarios.devicesShareRowsAndABigOneHasItsOwn(pg.newDatabase());
  }

  @Test
  void devicesStoredOneToARowMoveIntoBlocks() throws Exception {
    StoreScenarios.devicesStoredOneToARowMoveIntoBlocks(pg.newDatabase());
  }
}
