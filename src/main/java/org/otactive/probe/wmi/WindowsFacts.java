package org.otactive.probe.wmi;

/**
 * The attributes a Windows host collection reports, one fact each (lists in one value, so that a
 * change shows as one old → new). Names are stable: the inventory, CSV exports and change reports
 * use them. Every value is sanitised ({@link WmiText#sanitize}).
 */
public final class WindowsFacts {
  private WindowsFacts() {}

  /** {@code Win32_OperatingSystem.Caption}, e.g. {@code Microsoft Windows Server 2019 Standard}. */
  public static final String OS_CAPTION = "os-caption";
  /** {@code Win32_OperatingSystem.Version}, e.g. {@code 10.0.17763}. */
  public static final String OS_VERSION = "os-version";
  /** {@code Win32_OperatingSystem.BuildNumber}, e.g. {@code 17763}. */
  public static final String OS_BUILD = "os-build";
  /**
   * {@code Win32_OperatingSystem.CSDVersion} (e.g. {@code Service Pack 1}) when set, else
   * {@code ServicePackMajorVersion.ServicePackMinorVersion} (e.g. {@code 0.0}: none).
   */
  public static final String SERVICE_PACK = "service-pack";
  /** {@code Win32_OperatingSystem.OSArchitecture}, e.g. {@code 64-bit}. */
  public static final String ARCHITECTURE = "architecture";
  /** {@code Win32_OperatingSystem.InstallDate} as ISO 8601 with the host's offset. */
  public static final String INSTALL_DATE = "install-date";
  /** {@code Win32_OperatingSystem.LastBootUpTime} as ISO 8601 with the host's offset. */
  public static final String LAST_BOOT = "last-boot";
  /** {@code Win32_ComputerSystem.DNSHostName}, else its {@code Name}. */
  public static final String HOSTNAME = "hostname";
  /** {@code Win32_ComputerSystem.Domain} when the host is part of a domain. */
  public static final String DOMAIN = "domain";
  /** The workgroup ({@code Win32_ComputerSystem.Workgroup}, else {@code Domain}) when it is not. */
  public static final String WORKGROUP = "workgroup";
  /** {@code Win32_ComputerSystem.Manufacturer}. */
  public static final String MANUFACTURER = "manufacturer";
  /** {@code Win32_ComputerSystem.Model}. */
  public static final String MODEL = "model";
  /** {@code Win32_BIOS.SerialNumber}. */
  public static final String BIOS_SERIAL = "bios-serial";
  /**
   * The MAC address ({@code 00:1b:1b:4a:2c:10}) of the IP-enabled adapter that holds the scanned
   * address: the key passive data knows the device by. Absent when no adapter holds it (NAT).
   */
  public static final String MAC = "mac";
  /**
   * Every IP-enabled adapter with a MAC, as a JSON array sorted by MAC:
   * {@code [{"mac":"00:1b:1b:4a:2c:10","description":"Intel(R) I210","addresses":["10.20.30.41"]}]}.
   */
  public static final String ADAPTERS = "adapters";
  /** {@code Win32_QuickFixEngineering.HotFixID}s, sorted, comma-separated: {@code KB5020374, KB5034127}. */
  public static final String HOTFIXES = "hotfixes";
  /**
   * Installed software from the registry's Uninstall keys (entries with a DisplayName), both views,
   * as a JSON array sorted by name and version:
   * {@code [{"name":"7-Zip 23.01 (x64)","version":"23.01","publisher":"Igor Pavlov","installed":"2024-01-15","view":"64-bit"}]}
   * ({@code installed} and {@code publisher} only when the entry has them; {@code view} 32-bit for
   * the WOW6432Node subtree).
   */
  public static final String SOFTWARE = "software";
}
