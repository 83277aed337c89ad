package org.otactive.safety;

/**
 * A rate limit in events per second, or unlimited.
 *
 * @param perSecond events per second; {@code 0} means unlimited
 */
public record Rate(double perSecond) {
  public static final Rate UNLIMITED = new Rate(0);

  public Rate {
    if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("rate must be positive: " + perSecond);
    }
  }

  public static Rate of(double perSecond) {
    return new Rate(perSecond);
  }

  public boolean unlimited() {
    return perSecond == 0;
  }

  @Override
  public String toString() {
    return unlimited() ? "unlimited" : perSecond + "/s";
  }
}
