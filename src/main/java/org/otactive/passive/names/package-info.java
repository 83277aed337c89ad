/**
 * Where passive analysis hears names and addresses: DHCP (option 12, and the lease that binds an
 * address to a MAC), ARP, the NetBIOS name service, LLDP and DNS-format answers (unicast DNS, mDNS,
 * LLMNR, parsed by dnsjava). Pure readers, bytes in and values out, never throwing on any bytes.
 * {@link org.otactive.passive.names.HostName} makes a heard name safe to store.
 */
package org.otactive.passive.names;
