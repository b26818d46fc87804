/**
 * Configuration of a node and of a network, as files people edit and files machines verify.
 *
 * <ul>
 *   <li>{@link org.peerprobe.node.config.NodeConfigFile}: the node's local YAML ({@link
 *       org.peerprobe.node.config.NodeConfig}).
 *   <li>{@link org.peerprobe.node.config.BundleSourceFile}: the operator's {@code bundle.yaml}
 *       ({@link org.peerprobe.node.config.BundleSource}), which becomes a signed {@code
 *       NetworkBundle}.
 *   <li>{@link org.peerprobe.node.config.SignedBundleFile}: {@code network.json}, the signed bundle
 *       every node loads and verifies against the operator key it trusts.
 *   <li>{@link org.peerprobe.node.config.KeyFile}: Ed25519 keys, owner-only.
 *   <li>{@code ProvidersSection}: a {@code providers:} list of DNS providers, in any of these
 *       files, into {@link org.peerprobe.node.dns.ProviderSpec}s; credentials by environment
 *       variable or owner-only file ({@code ProviderCredentials}).
 * </ul>
 *
 * <p>YAML is parsed by Jackson's streaming YAML parser into a tree that keeps line and column of
 * every value; string values get {@code ${VAR}} / {@code ${VAR:-default}} substitution after
 * parsing. Readers record every problem and throw one {@link
 * org.peerprobe.node.config.ConfigException} listing all of them as {@code FILE:LINE:COLUMN: FIELD:
 * message}, before anything starts. Values that came from the environment are never shown. Limits:
 * {@value org.peerprobe.node.config.ConfigFile#MAX_FILE_BYTES} bytes per YAML file, nesting {@value
 * org.peerprobe.node.config.YamlDocument#MAX_DEPTH} deep, {@value
 * org.peerprobe.node.config.KeyFile#MAX_BYTES} bytes per key file.
 *
 * <p>Everything here is immutable or confined to one call; loaders are thread-safe.
 */
package org.peerprobe.node.config;
