/**
 * Pure readers of capture files and of the layers of a frame: bytes in, values out, no clock, no
 * logging, no network.
 *
 * <p>{@link org.otactive.passive.capture.CaptureFormat} tells pcap from pcapng by the first four
 * bytes. {@link org.otactive.passive.capture.PcapReader} and
 * {@link org.otactive.passive.capture.PcapngReader} stream frames one at a time from an
 * {@link java.io.InputStream}, so a capture of any size is read in the memory of one frame; they
 * never throw on hostile bytes but stop at the first damage and report it as a
 * {@link org.otactive.passive.capture.Damage} with the byte offset of the damaged record or block.
 * {@link org.otactive.passive.capture.PacketDecoder} finds the Ethernet (with VLAN tags), Linux
 * cooked, raw IP or loopback link layer, IPv4 or IPv6 (extension headers skipped, later fragments
 * left alone) and TCP or UDP. Addresses are two longs ({@link org.otactive.passive.capture.Ip}) so
 * a million frames cost no {@code InetAddress} each.
 *
 * <p>Tested on the public ICS captures against tshark (frame counts, lengths, times), on cut and
 * corrupted copies, on big-endian and nanosecond variants, and fuzzed
 * ({@code CaptureFuzzTest}).
 */
package org.otactive.passive.capture;
