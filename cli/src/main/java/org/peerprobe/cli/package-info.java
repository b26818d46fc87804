/**
 * The {@code peerprobe} command line (picocli) and the runnable jar's entry point. Commands parse
 * arguments, call into {@code node} and {@code consensus}, and map failures to exit codes: 0 ok, 1
 * the input was rejected, 2 usage error ({@code zone} adds 2 for drift, 3 for a failed provider, 4
 * for a refused unsafe apply).
 */
package org.peerprobe.cli;
