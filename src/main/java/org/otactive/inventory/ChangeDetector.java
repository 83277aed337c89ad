package org.otactive.inventory;

/**
 * Decides what one observation does to an attribute's latest value. Pure.
 */
public final class ChangeDetector {
  private ChangeDetector() {}

  /** What to do with an observation. */
  public sealed interface Decision {}

  /** Same value as the latest: only confirm it. */
  public record Confirm() implements Decision {}

  /** A new value (or the first one): store it and report the change. */
  public record NewValue(Change change) implements Decision {}

  /** An observation older than the latest value: keep it in history without reporting a change. */
  public record Late() implements Decision {}

  /**
   * @param latest the attribute's latest stored value, or null when there is none
   */
  public static Decision decide(AttributeValue latest, Observation o) {
    if (latest == null) return new NewValue(firstSighting(o));
    if (latest.value().equals(o.value())) return new Confirm();
    if (o.observedAt().isBefore(latest.since())) return new Late();
    return new NewValue(
        new Change(o.address(), o.attribute(), latest.value(), o.value(), o.source(), o.observedAt()));
  }

  /** The change an observation makes when its attribute has no value yet from its source. */
  public static Change firstSighting(Observation o) {
    return new Change(o.address(), o.attribute(), null, o.value(), o.source(), o.observedAt());
  }
}
