/**
 * The zone file provider: a zone kept in a BIND-format master file on local disk, rewritten
 * atomically on every change, for the demo and for first runs without a DNS account. {@link
 * org.peerprobe.node.dns.zonefile.ZoneFileConfig} names the file and zone; {@link
 * org.peerprobe.node.dns.zonefile.ZoneFileProvider} reads and replaces RRsets in it.
 */
package org.peerprobe.node.dns.zonefile;
