package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;

/**
 * WEM's scan ranges and scans on the command line, as a user of the reference product expects
 * them: CSV with FROM, TO, USER, PASSWORD, DISABLE imported all or nothing (a bad row named by its
 * line), passwords sealed and never shown or exported unless an admin asks (audited), an exported
 * file importing back unchanged; a scan queued behind the running one or, with --no-wait, refused
 * with its id. The commands come from the method's table definition; nothing is sent here.
 */
class WemRangesCliTest {
  static final String HEADER = "FROM,TO,USER,PASSWORD,DISABLE\n";
  @TempDir Path dir;
  private String db;

  @BeforeEach
  void setUp() {
    db = "jdbc:h2:file:" + dir.resolve("db");
    ok("user", "add", Cli.ME, "--role", "admin", "--reason", "first admin");
    ok("user", "add", "olga", "--role", "owner", "--reason", "set-up");
    ok("user", "add", "vic", "--role", "viewer", "--reason", "set-up");
    ok("site", "add", "plant", "--zone", "Europe/Berlin", "--ranges", "10.20.0.0/16", "--exclude", "10.20.99.0/24",
        "--owner", "olga", "--reason", "set-up");
  }

  private Cli.Result cli(String... args) {
    return Cli.run(Cli.on(db, args));
  }

  private Cli.Result ok(String... args) {
    return Cli.ok(Cli.on(db, args));
  }

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private String list() {
    return ok("wem", "ranges", "list", "--site", "plant", "--format", "csv").out();
  }

  private int auditEntries() {
    return (int) ok("audit").out().lines().count() - 1;
  }

  /** A refused import: one line naming the line and the value, and nothing changed. */
  private void refused(String csv, String message) throws Exception {
    String before = list();
    int audit = auditEntries();
    Path bad = file("bad.csv", csv);
    Cli.Result r = cli("--as", "olga", "wem", "ranges", "import", "--site", "plant", bad.toString(), "--reason", "x");
    assertThat(r.code()).as(csv).isEqualTo(2);
    assertThat(r.err()).as(csv).isEqualTo("otactive: " + message.replace("bad.csv", bad.toString()) + "\n");
    assertThat(list()).as("nothing imported").isEqualTo(before);
    assertThat(auditEntries()).isEqualTo(audit);
  }

  @Test
  void rangesImportListAndExportWithoutShowingAPassword() throws Exception {
    Path ranges = file("ranges.csv", HEADER
        + "10.20.1.1,10.20.1.254,PLANT\\wem-scan,S3cret-One,FALSE\n"
        + "10.20.2.0,10.20.2.255,wem@plant.example,S3cret-Two,\n"
        + "10.20.3.10,10.20.3.10,local-admin,S3cret-Three,TRUE\n");
    Cli.Result r = ok("--as", "olga", "wem", "ranges", "import", "--site", "plant", ranges.toString(), "--reason", "WEM set-up");
    assertThat(r.out()).isEqualTo("wem ranges on plant: 3 row(s): 3 added, 0 changed, 0 unchanged, 0 removed;"
        + " secrets: 3 set, 0 kept\n");
    assertThat(list()).isEqualTo(HEADER.replace("\n", "\r\n")
        + "10.20.1.1,10.20.1.254,PLANT\\wem-scan,set,FALSE\r\n"
        + "10.20.2.0,10.20.2.255,wem@plant.example,set,FALSE\r\n"
        + "10.20.3.10,10.20.3.10,local-admin,set,TRUE\r\n");
    String exported = ok("--as", "vic", "wem", "ranges", "export", "--site", "plant").out();
    assertThat(exported).isEqualTo(HEADER.replace("\n", "\r\n")
        + "10.20.1.1,10.20.1.254,PLANT\\wem-scan,,FALSE\r\n"
        + "10.20.2.0,10.20.2.255,wem@plant.example,,FALSE\r\n"
        + "10.20.3.10,10.20.3.10,local-admin,,TRUE\r\n");
    assertThat(ok("method", "list", "--site", "plant").out()).contains("wem").contains("disabled").contains("password=(not set) ranges=3 rows");
    // the wem row exists now, disabled: enabling it is the owner's next step
    ok("--as", "olga", "method", "enable", "wem", "--site", "plant", "--reason", "go");

    // Re-importing the export (passwords empty) keeps every stored password; a changed user
    // makes a new row, whose password must be given.
    Path back = file("back.csv", exported);
    assertThat(ok("--as", "olga", "wem", "ranges", "import", "--site", "plant", back.toString(), "--reason", "round trip")
        .out()).endsWith("3 row(s): 0 added, 0 changed, 3 unchanged, 0 removed; secrets: 0 set, 3 kept\n");
    assertThat(cli("--as", "olga", "wem", "ranges", "export", "--site", "plant", "--include-secrets", "--reason", "x").code())
        .as("owners may not export secrets").isEqualTo(4);
    assertThat(cli("wem", "ranges", "export", "--site", "plant", "--include-secrets").err())
        .isEqualTo("otactive: a reason is required (--reason TEXT)\n");
    Path clear = dir.resolve("clear.csv");
    ok("wem", "ranges", "export", "--site", "plant", "--include-secrets", "--reason", "move to the new console", "--out",
        clear.toString());
    assertThat(Files.readString(clear)).contains("PLANT\\wem-scan,S3cret-One,FALSE").contains("S3cret-Two")
        .contains("S3cret-Three");
    String audit = ok("audit").out();
    assertThat(audit).contains("table-import").contains("secrets-export").contains("move to the new console")
        .doesNotContain("S3cret");
    refused(exported.replace("wem@plant.example", "other@plant.example"),
        "bad.csv line 3: PASSWORD is empty and none is stored for the same FROM, TO, USER (a new row needs its PASSWORD);"
            + " nothing imported");
    // an import that drops a range removes it and its sealed password
    Path one = file("one.csv", HEADER + "10.20.1.1,10.20.1.254,PLANT\\wem-scan,,FALSE\n");
    assertThat(ok("--as", "olga", "wem", "ranges", "import", "--site", "plant", one.toString(), "--reason", "fewer").out())
        .endsWith("1 row(s): 0 added, 0 changed, 1 unchanged, 2 removed; secrets: 0 set, 1 kept\n");
    ok("wem", "ranges", "export", "--site", "plant", "--include-secrets", "--reason", "check", "--out", clear.toString());
    assertThat(Files.readString(clear)).contains("S3cret-One").doesNotContain("S3cret-Two");
    assertThat(cli("--as", "vic", "wem", "ranges", "import", "--site", "plant", one.toString(), "--reason", "x").code())
        .as("viewers may not import").isEqualTo(4);
  }

  @Test
  void aSpreadsheetsSemicolonSeparatedFileImportsAsTheCommaOne() throws Exception {
    // as Excel saves "CSV" where the decimal mark is a comma: a BOM, CRLF, semicolons
    Path excel = file("excel.csv", "\uFEFFFROM;TO;USER;PASSWORD;DISABLE\r\n"
        + "10.20.1.1;10.20.1.254;PLANT\\wem-scan;\"S3c;ret\";FALSE\r\n"
        + "10.20.3.10;10.20.3.10;local-admin;S3cret,Three;TRUE\r\n");
    assertThat(ok("--as", "olga", "wem", "ranges", "import", "--site", "plant", excel.toString(), "--reason", "from Excel").out())
        .isEqualTo("wem ranges on plant: 2 row(s): 2 added, 0 changed, 0 unchanged, 0 removed; secrets: 2 set, 0 kept\n");
    assertThat(list()).isEqualTo(HEADER.replace("\n", "\r\n")
        + "10.20.1.1,10.20.1.254,PLANT\\wem-scan,set,FALSE\r\n"
        + "10.20.3.10,10.20.3.10,local-admin,set,TRUE\r\n");
    Path clear = dir.resolve("clear.csv");
    ok("wem", "ranges", "export", "--site", "plant", "--include-secrets", "--reason", "check", "--out", clear.toString());
    assertThat(Files.readString(clear)).contains("PLANT\\wem-scan,S3c;ret,FALSE").contains("local-admin,\"S3cret,Three\",TRUE");
    refused("FROM;TO;USER;PASSWORD;DISABLE\n10.20.1.1;10.20.1.2;u;pw;FALSE\n10.20.1.9;10.20.1.1;u;pw;FALSE\n",
        "bad.csv line 3: FROM 10.20.1.9 is after TO 10.20.1.1; nothing imported");
  }

  @Test
  void aBadRowIsNamedWithItsLineAndNothingIsImported() throws Exception {
    String good = "10.20.1.1,10.20.1.254,PLANT\\wem-scan,pw,FALSE\n";
    refused(HEADER + good + "10.20.1.9,10.20.1.1,u,pw,FALSE\n", "bad.csv line 3: FROM 10.20.1.9 is after TO 10.20.1.1; nothing imported");
    refused(HEADER + good + "\n" + "10.20.1.300,10.20.1.301,u,pw,FALSE\n",
        "bad.csv line 4: FROM is not an IP address: '10.20.1.300'; nothing imported");
    refused(HEADER + "10.20.1.1,10.20.1.2,,pw,FALSE\n", "bad.csv line 2: USER is empty; nothing imported");
    refused(HEADER + good + "10.20.99.1,10.20.99.9,u,pw,FALSE\n",
        "bad.csv line 3: the range 10.20.99.1-10.20.99.9 is not inside the site's ranges (10.20.0.0-10.20.98.255,"
            + "10.20.100.0-10.20.255.255); nothing imported");
    refused(HEADER + "10.21.0.0,10.21.255.255,u,pw,FALSE\n",
        "bad.csv line 2: the range 10.21.0.0-10.21.255.255 is not inside the site's ranges (10.20.0.0-10.20.98.255,"
            + "10.20.100.0-10.20.255.255); nothing imported");
    refused(HEADER + "10.20.0.0,10.21.0.0,u,pw,FALSE\n",
        "bad.csv line 2: the range 10.20.0.0-10.21.0.0 holds 65,537 addresses, more than 65,536; nothing imported");
    refused(HEADER + good + good, "bad.csv line 3: the same FROM, TO, USER as an earlier row (10.20.1.1, 10.20.1.254,"
        + " PLANT\\wem-scan): each row's must be unique; nothing imported");
    refused(HEADER + "10.20.1.1,10.20.1.2,u,,FALSE\n",
        "bad.csv line 2: PASSWORD is empty and none is stored for the same FROM, TO, USER (a new row needs its PASSWORD);"
            + " nothing imported");
    refused("FROM,TO,USER,PASS,DISABLE\n" + good, "bad.csv line 1: unknown column 'PASS' (the columns are"
        + " FROM,TO,USER,PASSWORD,DISABLE)");
    refused("FROM,TO,USER,PASSWORD\n10.20.1.1,10.20.1.2,u,pw\n", "bad.csv line 1: the column DISABLE is missing (the columns"
        + " are FROM,TO,USER,PASSWORD,DISABLE)");
    refused(HEADER + "10.20.1.1,10.20.1.2,u,pw\n", "bad.csv line 2: 4 fields, the header names 5");
    refused("", "bad.csv is empty: the first line names the columns FROM,TO,USER,PASSWORD,DISABLE");
    // quoted fields may hold commas and line breaks; lines are still counted right
    refused(HEADER + "\"10.20.1.1\",\"10.20.1.2\",\"a,b\",\"p\nw\",FALSE\n" + "10.20.1.2,10.20.1.1,u,pw,FALSE\n",
        "bad.csv line 4: FROM 10.20.1.2 is after TO 10.20.1.1; nothing imported");
    assertThat(list()).isEqualTo(HEADER.replace("\n", "\r\n"));
    // a range of exactly 65,536 addresses is the largest allowed
    ok("site", "add", "field", "--zone", "UTC", "--ranges", "10.40.0.0/16", "--owner", "olga", "--reason", "set-up");
    Path big = file("big.csv", HEADER + "10.40.0.0,10.40.255.255,u,pw,TRUE\n");
    ok("--as", "olga", "wem", "ranges", "import", "--site", "field", big.toString(), "--reason", "all of it, off for now");
  }

  @Test
  void aScanWaitsForTheRunningOneOrIsRefusedWithItsId() throws Exception {
    ok("site", "add", "yard", "--zone", "UTC", "--ranges", "10.30.0.0/24", "--owner", "olga", "--reason", "set-up");
    for (String site : List.of("plant", "yard")) {
      String net = site.equals("plant") ? "10.20.1" : "10.30.0";
      ok("--as", "olga", "wem", "ranges", "import", "--site", site,
          file(site + ".csv", HEADER + net + ".1," + net + ".10,u,pw,FALSE\n").toString(), "--reason", "set-up");
      ok("--as", "olga", "method", "enable", "wem", "--site", site, "--reason", "go");
    }
    Cli.Result off = cli("--as", "olga", "wem", "scan", "--site", "plant", "--reason", "x");
    assertThat(off.code()).isEqualTo(5);
    assertThat(off.err()).contains("active monitoring is off");
    ok("monitoring", "on", "--reason", "go");
    Cli.Result closed = cli("--as", "olga", "wem", "scan", "--site", "plant", "--now", "--reason", "x");
    assertThat(closed.code()).as("--now with no window open").isEqualTo(5);
    assertThat(closed.err()).contains("has no maintenance window ahead");
    // Without a service nothing executes: the first run stays queued, and is what a second waits for.
    Cli.Result first = ok("--as", "olga", "wem", "scan", "--site", "plant", "--outside-window", "--now", "--reason", "pump swap");
    assertThat(first.out()).matches("wem run (\\d+) queued on site plant: 10 address\\(es\\); it starts now \\(otactive run status"
        + " \\1; otactive wem results --site plant\\)\n");
    String id = first.out().replaceAll("wem run (\\d+) .*\\s*", "$1");
    Cli.Result refused = cli("--as", "olga", "wem", "scan", "--site", "yard", "--outside-window", "--no-wait", "--reason", "x");
    assertThat(refused.code()).isEqualTo(5);
    assertThat(refused.err()).isEqualTo("otactive: another wem run is going: run " + id + " on site plant (queued, started by"
        + " olga); without --no-wait this one waits for it\n");
    Cli.Result second = ok("--as", "olga", "wem", "scan", "--site", "yard", "--outside-window", "--reason", "after plant");
    assertThat(second.out()).contains("it waits for run " + id + " on site plant to end");
    assertThat(ok("run", "status").out()).contains("wem").contains("queued");
    assertThat(ok("audit").out()).contains("run-start-outside-window").contains("pump swap");
  }
}
