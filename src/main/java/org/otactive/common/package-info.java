/**
 * Small pieces every room uses and none owns: {@link org.otactive.common.BadInputException} (a user's
 * input that cannot be accepted, with a one-line message naming the value), {@link
 * org.otactive.common.Text} (the one sanitiser for text shown to users, whether typed by them or
 * received from the network) and {@link org.otactive.common.DurationText} (the one duration grammar
 * of the command line, the API and stored settings).
 *
 * <p>This package depends on nothing else of otactive, so any room may use it without breaking the
 * downward arrows of the architecture.
 */
package org.otactive.common;
