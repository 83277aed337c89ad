/**
 * Planning before packets: what active monitoring would add to what is already known, and what a
 * run would do, worked out without sending anything.
 *
 * <p><b>Coverage and the minimal plan.</b> A method declares the inventory attributes it fills
 * ({@code Method#fills}) and a cheap predicate, {@code Method#worthAsking}, over what every source
 * already knows about a device ({@link org.otactive.probe.KnownDevice}): reverse DNS is worth
 * asking while no source knows the host name; Windows Endpoint Monitoring while the device looks
 * like Windows or nothing is known. Its settings say whether it can ask about an address at all
 * ({@code Probe#appliesTo}; {@code Configured#whyNotAsked} in words: no DNS server serves it). The
 * {@link org.otactive.plan.GapPlanner} combines these per address into the gaps each method would
 * fill and the smallest set of usable methods that fills them together. The set is found exactly,
 * by trying every subset of the usable methods smallest first, not greedily: a site has a handful
 * of methods, so the 2^n subsets cost less than a database read, and greedy covers are not
 * minimal when two methods fill overlapping attributes. Ties go to enabled methods, then lower
 * impact (ask a DNS server before a device), then fewer packets, so the choice is stable.
 *
 * <p>{@link org.otactive.plan.Coverage} walks a site's scope once, address by address (a scope is
 * never held as a list; a walk is refused above 2^24 addresses), and reports the devices of the
 * inventory with their verdicts, the other addresses in runs that share one, the plan as (method,
 * addresses) rows, and what no method can help with. The same planner decides, under a method's
 * {@code only-gaps} setting, which addresses a supervised run asks.
 *
 * <p><b>The dry run.</b> {@link org.otactive.plan.DryRun} reads only a method's declarations (its
 * peers, {@link org.otactive.probe.ProbeSpec} and {@link org.otactive.probe.Budget}) and the site's
 * windows and schedule: the addresses it would touch and those it leaves out with why, which
 * server it would ask first for how many, packets and connections per device and in total, and how
 * long that takes at the per-peer rate (peers work in parallel and the busiest sets the time; a
 * method that talks to the devices takes {@code concurrency} of them at a time). Round trips are
 * unknown before anything is sent, so the estimate is the budget's bound, not a prediction; with
 * an unlimited rate it says so instead of guessing.
 *
 * <p>Nothing in this package opens a socket: {@code otactive coverage} and {@code otactive plan}
 * are tested to leave every peer without a packet.
 */
package org.otactive.plan;
