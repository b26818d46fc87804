package org.peerprobe.node.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.config.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last operator command each router took, kept in the data directory ({@link #FILE_NAME}) so
 * that a pin that did not switch the router, or an unpin, survives a restart (a pin that switched
 * it is in the decision log already). One writer: the node's thread.
 */
final class TakenCommands {
  private static final Logger LOG = LoggerFactory.getLogger(TakenCommands.class);

  static final String FILE_NAME = "commands.json";

  /** Largest file read: one command per router of the largest bundle. */
  static final int MAX_FILE_BYTES = 32 * SignedOperatorCommand.MAX_ENCODED_BYTES + 4096;

  private final Path file;
  private final Map<String, SignedOperatorCommand> byRouter = new LinkedHashMap<>();

  private TakenCommands(Path file) {
    this.file = file;
  }

  /** Reads the file in {@code dataDir}; a missing or damaged file is an empty history. */
  static TakenCommands load(Path dataDir) {
    TakenCommands t = new TakenCommands(dataDir.resolve(FILE_NAME));
    if (!Files.exists(t.file)) {
      return t;
    }
    try {
      JsonNode root = CanonicalJson.parse(Files.readAllBytes(t.file), MAX_FILE_BYTES);
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Validated<SignedOperatorCommand> c =
            SignedOperatorCommand.decode(CanonicalJson.encode(e.getValue()));
        if (c.isValid()) {
          t.byRouter.put(e.getKey(), c.orElseThrow());
        } else {
          LOG.warn("{}: ignoring the command of {}: {}", t.file, e.getKey(), c);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} cannot be read, operator commands start afresh: {}", t.file, e.toString());
    }
    return t;
  }

  List<SignedOperatorCommand> all() {
    return new ArrayList<>(byRouter.values());
  }

  /** Keeps {@code command} as its router's last; written before this returns. */
  void taken(SignedOperatorCommand command) {
    byRouter.put(command.command().router(), command);
    ObjectNode root = CanonicalJson.object();
    byRouter.forEach((router, c) -> root.set(router, c.toJson()));
    try {
      AtomicFiles.write(file, CanonicalJson.encode(root), AtomicFiles.OWNER_ONLY, true);
    } catch (IOException e) {
      LOG.warn("could not keep the operator command {}: {}", command.command().describe(), e);
    }
  }
}
