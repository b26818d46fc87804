/**
 * The canonical signed encoding: RFC 8785 JSON restricted to strings, integers, booleans, arrays
 * and objects, prefixed by a domain-separation line that names the message kind and version.
 *
 * <p>Parsing is strict and bounded: the size is checked before parsing, the bytes must be
 * well-formed UTF-8 without a byte order mark, and nesting depth, string and number lengths are
 * checked by the parser before anything large is allocated; duplicate keys, trailing content,
 * floats, nulls, lone surrogates and integers beyond ±(2^53−1) are rejected. Field readers ({@link
 * org.peerprobe.consensus.canonical.Fields}) reject unknown fields, so a signature always covers
 * exactly what the reader understood.
 */
package org.peerprobe.consensus.canonical;
