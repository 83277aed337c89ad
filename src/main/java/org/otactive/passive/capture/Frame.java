package org.otactive.passive.capture;

/**
 * One captured frame as the capture file holds it.
 *
 * @param number 1-based position in the file, as Wireshark numbers frames
 * @param offset byte offset of the frame's record (pcap) or block (pcapng) in the file
 * @param epochNanos capture time, nanoseconds since 1970-01-01T00:00Z
 * @param linkType the link-layer header type (LINKTYPE_* of the pcap specification)
 * @param data the captured bytes (possibly fewer than were on the wire)
 * @param originalLength the frame's length on the wire
 */
public record Frame(long number, long offset, long epochNanos, int linkType, byte[] data, long originalLength) {}
