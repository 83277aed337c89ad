/**
 * The pure time model of maintenance windows and run schedules: when a site's windows are open and
 * when a method is due to run.
 *
 * <p>Everything here is a pure function of the instants it is given: no clock is read, nothing
 * sleeps, nothing is stored. Window definitions are written in the site's local (wall-clock) time
 * and mapped to instants with one rule everywhere: a local time inside a DST gap is shifted forward
 * by the length of the gap, and a local time inside an overlap takes the earlier offset (the rule
 * of {@link java.time.ZonedDateTime#ofLocal} with no preferred offset).
 */
package org.otactive.schedule;
