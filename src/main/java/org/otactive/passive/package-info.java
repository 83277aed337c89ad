/**
 * Passive knowledge: what a plant's passive sources already know, imported into the inventory as
 * observations with source {@code passive}, so that active monitoring asks only what they did not
 * answer.
 *
 * <p>{@link org.otactive.passive.PassiveImporter} is the entry point: it tells each file's kind
 * from its bytes ({@code InputKind}), reads device CSV exports ({@code DeviceCsv}: a generic shape
 * and Microsoft Defender for IoT's inventory columns) and packet captures ({@code CaptureAnalysis}
 * over the readers of {@link org.otactive.passive.capture}), merges what several files and earlier
 * imports say about a device, and records the result in one batch. The inventory keeps each
 * source's latest value apart, so an active method's host name never replaces the passive one nor
 * the reverse; both show with their provenance.
 *
 * <p>Why our own capture readers: Maven Central has no maintained pure-Java reader of both pcap and
 * pcapng. pcap4j reads files through the native libpcap (JNA) and has had no stable release since
 * 2019; pkts.io reads pcap only (its maintainers declined pcapng); fr.bmartel's pcapngdecoder
 * (2017) reads pcapng only and holds a whole file in memory; the ardikars and jNetPcap libraries
 * wrap native libpcap. The two formats are small and fully specified, so
 * {@link org.otactive.passive.capture} reads them in about 300 lines, streaming, reporting damage
 * with its byte offset, fuzzed like the other decoders.
 *
 * <p>MAC vendors come from Wireshark's {@code manuf} list as Debian installs it
 * ({@link org.otactive.passive.Vendors}), read at run time: the list stays as fresh as the system's
 * package and is not redistributed inside otactive.
 *
 * <p>Names and values from the network or from files are sanitised before they are stored: host
 * names to letters, digits, '-', '_' and '.', everything else as {@code \DDD}; other text with
 * control characters replaced.
 */
package org.otactive.passive;
