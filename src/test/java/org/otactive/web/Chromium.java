package org.otactive.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which scripts/test
 * installs) driven by Selenium, with a fresh profile and downloads into a folder of the test.
 */
final class Chromium implements AutoCloseable {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  final ChromeDriver driver;
  final Path downloads;

  Chromium(Path dir) throws IOException {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException("Chromium is not installed: run scripts/test, which installs chromium and chromium-driver");
    }
    downloads = Files.createDirectories(dir.resolve("downloads"));
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    ChromeOptions o = new ChromeOptions();
    o.setBinary(BROWSER.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1366,900", "--lang=en-GB");
    o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
    driver = new ChromeDriver(service, o);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  /**
   * Whether the download of {@code name} has finished. Chromium reserves the final name with an empty
   * file as the download starts and writes into a {@code .crdownload} file beside it, which it renames
   * over the placeholder at the end; so the name alone says nothing.
   */
  boolean downloaded(String name) {
    Path file = downloads.resolve(name);
    try (var inFolder = Files.list(downloads)) {
      return Files.isRegularFile(file) && Files.size(file) > 0
          && inFolder.noneMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
    } catch (IOException racedWithTheRename) {
      return false;
    }
  }

  /** Saves what the browser shows as a PNG. */
  void screenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
