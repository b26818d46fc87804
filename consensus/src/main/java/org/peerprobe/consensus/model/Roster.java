package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;

/**
 * Who may observe and who may sign in one network, and the quorum policy — signed by the operator
 * key ({@link SignedRoster}). Only observers listed here count; each counts once, with its weight,
 * for the network the operator admitted it for.
 *
 * <p>Immutable and thread-safe; member look-up is O(1). Build with {@link #builder}.
 */
public final class Roster {
  /** Most observers in one roster. */
  public static final int MAX_OBSERVERS = 16_384;

  /** Most signer keys in one roster. */
  public static final int MAX_SIGNERS = 16;

  /** Largest encoded signed roster accepted, in bytes (~200 bytes per observer). */
  public static final int MAX_ENCODED_BYTES = 8 * 1024 * 1024;

  static final Set<String> FIELDS =
      Set.of("networkId", "version", "operator", "observers", "signers", "policy");

  private final String networkId;
  private final long version;
  private final Ed25519PublicKey operator;
  private final List<Observer> observers;
  private final List<Ed25519PublicKey> signers;
  private final QuorumPolicy policy;
  private final Map<Ed25519PublicKey, Observer> byKey;
  private final long totalWeight;

  private Roster(Builder b) {
    this.networkId = Ids.requireName(b.networkId, "networkId");
    if (b.version < 1 || b.version > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("version must be >= 1");
    }
    this.version = b.version;
    if (b.operator == null) {
      throw new IllegalArgumentException("operator key is required");
    }
    this.operator = b.operator;
    if (b.observers.isEmpty() || b.observers.size() > MAX_OBSERVERS) {
      throw new IllegalArgumentException("a roster has 1.." + MAX_OBSERVERS + " observers");
    }
    List<Observer> sorted = new ArrayList<>(b.observers);
    sorted.sort(Comparator.comparing(Observer::key));
    Map<Ed25519PublicKey, Observer> index = new HashMap<>(sorted.size() * 2);
    long total = 0;
    for (Observer o : sorted) {
      if (index.put(o.key(), o) != null) {
        throw new IllegalArgumentException("observer listed twice: " + o.key().hex());
      }
      total += o.weight();
    }
    this.observers = List.copyOf(sorted);
    this.byKey = Map.copyOf(index);
    this.totalWeight = total;
    TreeSet<Ed25519PublicKey> signerSet = new TreeSet<>(b.signers);
    if (signerSet.size() != b.signers.size()) {
      throw new IllegalArgumentException("signer listed twice");
    }
    if (signerSet.size() > MAX_SIGNERS) {
      throw new IllegalArgumentException("a roster has at most " + MAX_SIGNERS + " signers");
    }
    this.signers = List.copyOf(signerSet);
    this.policy = b.policy == null ? QuorumPolicy.DEFAULT : b.policy;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this roster's content, e.g. to make the next version. */
  public Builder toBuilder() {
    Builder b = builder().networkId(networkId).version(version).operator(operator).policy(policy);
    observers.forEach(b::observer);
    signers.forEach(b::signer);
    return b;
  }

  public String networkId() {
    return networkId;
  }

  public long version() {
    return version;
  }

  public Ed25519PublicKey operator() {
    return operator;
  }

  /** Observers sorted by key. */
  public List<Observer> observers() {
    return observers;
  }

  /** Signer keys sorted. */
  public List<Ed25519PublicKey> signers() {
    return signers;
  }

  public QuorumPolicy policy() {
    return policy;
  }

  public Optional<Observer> observer(Ed25519PublicKey key) {
    return Optional.ofNullable(byKey.get(key));
  }

  public boolean isSigner(Ed25519PublicKey key) {
    return signers.contains(key);
  }

  /** Sum of all observers' weights. */
  public long totalWeight() {
    return totalWeight;
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("networkId", networkId);
    o.put("version", version);
    o.put("operator", operator.hex());
    ArrayNode obs = o.putArray("observers");
    observers.forEach(m -> obs.add(m.toJson()));
    ArrayNode sig = o.putArray("signers");
    signers.forEach(k -> sig.add(k.hex()));
    o.set("policy", policy.toJson());
    return o;
  }

  public byte[] canonical() {
    return CanonicalJson.encode(toJson());
  }

  /** {@code "peerprobe:roster:v1\n" ‖ canonical}: the bytes the operator signs. */
  public byte[] signingInput() {
    return Domain.ROSTER.frame(canonical());
  }

  static Roster read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    List<Observer> obs = f.array("observers", 1, MAX_OBSERVERS, Observer::read);
    for (int i = 1; i < obs.size(); i++) {
      if (obs.get(i - 1).key().compareTo(obs.get(i).key()) >= 0) {
        throw new DecodeException(
            f.path("observers") + "[" + i + "]: observers must be sorted by key, keys unique");
      }
    }
    List<Ed25519PublicKey> signers = f.array("signers", 0, MAX_SIGNERS, Fields::publicKey);
    for (int i = 1; i < signers.size(); i++) {
      if (signers.get(i - 1).compareTo(signers.get(i)) >= 0) {
        throw new DecodeException(
            f.path("signers") + "[" + i + "]: signers must be sorted, keys unique");
      }
    }
    Builder b =
        builder()
            .networkId(f.text("networkId", 63, Ids.NAME, Ids.NAME_DESCRIPTION))
            .version(f.integer("version", 1, CanonicalJson.MAX_SAFE_INTEGER))
            .operator(f.publicKey("operator"))
            .policy(QuorumPolicy.read(f, "policy"));
    obs.forEach(b::observer);
    signers.forEach(b::signer);
    return f.construct(b::build);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Roster other
        && version == other.version
        && networkId.equals(other.networkId)
        && operator.equals(other.operator)
        && observers.equals(other.observers)
        && signers.equals(other.signers)
        && policy.equals(other.policy);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(networkId, version, operator, observers, signers, policy);
  }

  @Override
  public String toString() {
    return "Roster{" + networkId + " v" + version + ", " + observers.size() + " observers}";
  }

  /** Collects and validates a roster; {@link #build()} throws naming the first problem. */
  public static final class Builder {
    private String networkId;
    private long version = 1;
    private Ed25519PublicKey operator;
    private final List<Observer> observers = new ArrayList<>();
    private final List<Ed25519PublicKey> signers = new ArrayList<>();
    private QuorumPolicy policy = QuorumPolicy.DEFAULT;

    private Builder() {}

    public Builder networkId(String networkId) {
      this.networkId = networkId;
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public Builder operator(Ed25519PublicKey operator) {
      this.operator = operator;
      return this;
    }

    public Builder observer(Observer observer) {
      observers.add(observer);
      return this;
    }

    public Builder observer(Ed25519PublicKey key, String network, String label, int weight) {
      return observer(new Observer(key, network, label, weight));
    }

    /** Removes the observer with this key, if present. */
    public Builder removeObserver(Ed25519PublicKey key) {
      observers.removeIf(o -> o.key().equals(key));
      return this;
    }

    public Builder signer(Ed25519PublicKey key) {
      signers.add(key);
      return this;
    }

    public Builder policy(QuorumPolicy policy) {
      this.policy = policy;
      return this;
    }

    public Roster build() {
      return new Roster(this);
    }
  }
}
