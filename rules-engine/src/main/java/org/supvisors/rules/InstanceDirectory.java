package org.supvisors.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Supvisors instances known to the node, in {@code supvisors_list} order (then discovered ones
 * in arrival order), with the stereotypes each one declares. Rules name instances through it:
 * {@code *}, identifiers and stereotype names. Immutable.
 */
public final class InstanceDirectory {

  private final List<String> identifiers;
  private final Map<String, Set<String>> stereotypes;
  private final Set<String> known;
  private final Map<String, List<String>> byStereotype = new HashMap<>();

  /**
   * @param identifiers instance identifiers, in reference order (duplicates dropped)
   * @param stereotypes stereotype names of each instance (instances without any may be absent)
   */
  public InstanceDirectory(List<String> identifiers, Map<String, Set<String>> stereotypes) {
    this.identifiers = List.copyOf(new LinkedHashSet<>(identifiers));
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    stereotypes.forEach((id, names) -> copy.put(id, Set.copyOf(names)));
    this.stereotypes = Map.copyOf(copy);
    this.known = Set.copyOf(this.identifiers);
    for (String id : this.identifiers) {
      for (String stereotype : this.stereotypes.getOrDefault(id, Set.of())) {
        byStereotype.computeIfAbsent(stereotype, k -> new ArrayList<>()).add(id);
      }
    }
  }

  /** A directory without stereotypes. */
  public static InstanceDirectory of(String... identifiers) {
    return new InstanceDirectory(List.of(identifiers), Map.of());
  }

  /** A directory without stereotypes. */
  public static InstanceDirectory of(List<String> identifiers) {
    return new InstanceDirectory(identifiers, Map.of());
  }

  /** Instance identifiers in reference order. */
  public List<String> identifiers() {
    return identifiers;
  }

  /** Stereotype names declared by each instance. */
  public Map<String, Set<String>> stereotypes() {
    return stereotypes;
  }

  /**
   * This directory grown by what {@code seen} adds: its new identifiers after the known ones (arrival order), and
   * the stereotypes of each instance merged. Instances are never forgotten, as in Supvisors. Returns this same
   * directory when {@code seen} adds nothing, so that callers can skip re-resolving their rules.
   */
  public InstanceDirectory union(InstanceDirectory seen) {
    if (contains(seen)) {
      // The usual case, checked on every change of the instances: nothing to copy.
      return this;
    }
    List<String> ids = new ArrayList<>(identifiers);
    seen.identifiers.stream().filter(id -> !known.contains(id)).forEach(ids::add);
    Map<String, Set<String>> merged = new LinkedHashMap<>();
    stereotypes.forEach((id, names) -> merged.put(id, new LinkedHashSet<>(names)));
    seen.stereotypes.forEach((id, names) -> merged.computeIfAbsent(id, k -> new LinkedHashSet<>()).addAll(names));
    return new InstanceDirectory(ids, merged);
  }

  /** Whether every instance of {@code other} is known here with at least its stereotypes. */
  private boolean contains(InstanceDirectory other) {
    if (!known.containsAll(other.known)) {
      return false;
    }
    for (Map.Entry<String, Set<String>> entry : other.stereotypes.entrySet()) {
      if (!stereotypes.getOrDefault(entry.getKey(), Set.of()).containsAll(entry.getValue())) {
        return false;
      }
    }
    return true;
  }

  public boolean isKnown(String identifier) {
    return known.contains(identifier);
  }

  /**
   * The instances a rules list designates, in rules order, without duplicates: {@code *} is every
   * instance; an identifier stands for itself; a stereotype stands for every instance declaring it
   * (in reference order); any other name is dropped (see {@link #unknownNames}).
   */
  public List<String> filter(Collection<String> names) {
    if (names.contains("*")) {
      return identifiers;
    }
    LinkedHashSet<String> result = new LinkedHashSet<>();
    for (String name : names) {
      if (known.contains(name)) {
        result.add(name);
      } else {
        result.addAll(byStereotype.getOrDefault(name, List.of()));
      }
    }
    return List.copyOf(result);
  }

  /** The names of a rules list that designate no instance: neither {@code *}, identifiers nor stereotypes. */
  public List<String> unknownNames(Collection<String> names) {
    return names.stream()
        .filter(n -> !n.equals("*") && !known.contains(n) && !byStereotype.containsKey(n))
        .toList();
  }

  @Override
  public String toString() {
    return "InstanceDirectory" + identifiers + (stereotypes.isEmpty() ? "" : " " + stereotypes);
  }
}
