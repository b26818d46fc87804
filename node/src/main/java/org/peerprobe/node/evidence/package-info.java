/**
 * The evidence a node serves for its decisions and certificates: the history of every bundle
 * version it ran ({@link org.peerprobe.node.evidence.BundleHistory}) and the assembly of evidence
 * files from it and the store ({@link org.peerprobe.node.evidence.EvidenceAssembler}), which the
 * feed serves and {@code peerprobe verify} checks.
 */
package org.peerprobe.node.evidence;
