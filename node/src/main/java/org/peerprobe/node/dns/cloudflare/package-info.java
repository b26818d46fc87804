/**
 * Cloudflare (API v4) as a {@link org.peerprobe.node.dns.DnsProvider}. Cloudflare stores records,
 * not RRsets: an RRset is every record of one name and type, and replacing it patches, creates and
 * deletes records of that RRset only, all RRsets of one write in one atomic batch request. Every
 * record written is DNS-only ({@code proxied: false}, sent explicitly with PATCH, never PUT:
 * anchors.md defect 4).
 */
package org.peerprobe.node.dns.cloudflare;
