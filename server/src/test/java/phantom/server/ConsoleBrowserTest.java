package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import phantom.core.model.User;

/**
 * The web console in a real headless browser (Debian's chromium through Selenium) against the
 * packaged server: log in, see the groups with their bars, watch a group scale without reloading,
 * set the desired count, terminate an instance, delete with confirmation, logout; a wrong secret
 * and a forged form are refused. The screen reader's basics are read from the DOM: lang, one h1
 * and headings in order, a label for every input, text contrast. Screenshots go to
 * server/target/console-screenshots/.
 */
class ConsoleBrowserTest {
    static RunningPhantom phantom;
    static User alice;
    static AutoScalingClient api;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start();
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of("capacity", 3)));
        sites.put("sierra", RunningPhantom.sim("sierra", Map.of("boot_seconds", 3)));
        phantom = RunningPhantom.start(sites);
        alice = phantom.user("alice");
        api = phantom.client(alice);
        for (String site : sites.keySet()) {
            api.createLaunchConfiguration(r -> r.launchConfigurationName("web@" + site).imageId("ami-1").instanceType("m1.small"));
        }
        api.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web").minSize(2).maxSize(2)
                .tags(tag("PHANTOM_DEFINITION", "error_overflow_n_preserving"), tag("clouds", "hotel:-1,sierra:-1"), tag("n_preserve", "2")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (phantom != null) phantom.close();
    }

    static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).propagateAtLaunch(false).resourceType("auto-scaling-group").resourceId("web").build();
    }

    static String url(String path) {
        return phantom.endpoint() + path;
    }

    static AutoScalingGroup group() {
        var g = api.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web")).autoScalingGroups();
        return g.isEmpty() ? null : g.get(0);
    }

    static WebDriverWait waiting(int seconds) {
        // a page that navigates (after a form's POST) or redraws its live part while the condition
        // reads it leaves stale elements: read again at the next poll
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    static void login(String key, String secret) {
        browser.get(url("/console/"));
        browser.findElement(By.name("access_key_id")).sendKeys(key);
        browser.findElement(By.name("secret_access_key")).sendKeys(secret);
        browser.findElement(By.id("login")).click();
    }

    /** The numbers of a cloud's bar, read in one script (the live region may be replaced between two driver calls). */
    static String cloudText(String site) {
        Object t = browser.executeScript("const e = document.querySelector(\"#live li.cloud[data-site='\" + arguments[0] + \"'] .nums\");"
                + " return e ? e.textContent : '';", site);
        return t.toString();
    }

    /** Clicks what {@code by} finds, again if the live region replaced it in between. */
    static void click(By by) {
        waiting(10).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    static String liveText(String selector) {
        Object t = browser.executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", selector);
        return t.toString();
    }

    @Test
    void anOperatorsSession() throws Exception {
        // a wrong secret is refused, on the login form again
        login(alice.accessKeyId(), alice.secretAccessKey() + "x");
        assertThat(browser.findElement(By.id("flash")).getText()).contains("wrong");
        assertThat(browser.findElements(By.name("secret_access_key"))).hasSize(1);
        assertThat(browser.manage().getCookieNamed("phantom_console")).isNull();
        HeadlessChromium.screenshot(browser, "0-login-refused");
        checkAccessibility("login");

        // logged in: the groups page, a bar per cloud in the clouds' order, with their numbers in words
        login(alice.accessKeyId(), alice.secretAccessKey());
        waiting(10).until(d -> d.findElement(By.tagName("h1")).getText().equals("Your groups"));
        Cookie cookie = browser.manage().getCookieNamed("phantom_console");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.isSecure()).as("Secure only over TLS (SelfSignedTest)").isFalse();
        assertThat(cookie.getValue()).doesNotContain(alice.secretAccessKey()).hasSizeGreaterThanOrEqualTo(40);
        Object stored = browser.executeScript("return document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
        assertThat(stored.toString()).doesNotContain(alice.secretAccessKey());
        waiting(20).until(d -> cloudText("hotel").startsWith("2 in service"));
        @SuppressWarnings("unchecked")
        List<String> bars = (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('li.cloud svg[role=img]')).map(b => b.getAttribute('aria-label'))");
        assertThat(bars).containsExactly("hotel: 2 in service, 0 pending, no cap", "sierra: 0 in service, 0 pending, no cap");
        HeadlessChromium.screenshot(browser, "1-groups");
        checkAccessibility("groups");

        // the group page; scale to 6: hotel holds 3, the rest overflows to sierra, and the page updates itself
        click(By.linkText("web"));
        waiting(10).until(d -> d.findElement(By.tagName("h1")).getText().equals("web"));
        browser.findElement(By.id("desired")).clear();
        browser.findElement(By.id("desired")).sendKeys("6");
        browser.findElement(By.id("set-desired")).click();
        waiting(10).until(d -> d.findElement(By.id("flash")).getText().contains("Desired count of web set to 6"));
        browser.executeScript("window.notReloaded = true");
        waiting(30).until(d -> cloudText("sierra").contains("pending") && !cloudText("sierra").startsWith("0 in service, 0 pending"));
        assertThat(liveText("#live .standing.backing_off")).startsWith("backing off until");
        HeadlessChromium.screenshot(browser, "2-scaling");
        waiting(30).until(d -> cloudText("sierra").startsWith("3 in service, 0 pending"));
        assertThat(cloudText("hotel")).startsWith("3 in service, 0 pending");
        assertThat(browser.executeScript("return window.notReloaded === true")).isEqualTo(true);
        @SuppressWarnings("unchecked")
        List<String> causes = (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('table.activities td.cause')).map(e => e.textContent)");
        assertThat(causes).anyMatch(c -> c.contains("overflow hotel -> sierra"));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2200));
        HeadlessChromium.screenshot(browser, "3-scaled");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        checkAccessibility("group");

        // a forged form (no token, or another site's Origin) is refused and changes nothing
        String session = browser.manage().getCookieNamed("phantom_console").getValue();
        String csrf = browser.findElement(By.cssSelector("form.desired input[name=csrf]")).getAttribute("value");
        assertThat(post("/console/group/desired", session, "name=web&desired=1&csrf=forged", null)).isEqualTo(403);
        assertThat(post("/console/group/desired", session, "name=web&desired=1&csrf=" + csrf, "http://evil.example")).isEqualTo(403);
        assertThat(group().desiredCapacity()).isEqualTo(6);

        // terminate one of sierra's VMs, lowering the desired count
        String victim = liveText("table.instances[data-site='sierra'] tbody tr code");
        click(By.xpath("//tr[.//code[text()='" + victim + "']]//button[contains(@class,'terminate-shrink')]"));
        waiting(10).until(d -> d.findElement(By.id("flash")).getText().contains("Terminating " + victim));
        assertThat(group().desiredCapacity()).isEqualTo(5);
        waiting(30).until(d -> d.findElements(By.xpath("//table[contains(@class,'instances')]//code[text()='" + victim + "']")).isEmpty());

        // delete, with confirmation: a wrong name deletes nothing
        browser.findElement(By.id("delete")).click();
        waiting(10).until(d -> d.findElement(By.tagName("h1")).getText().equals("Delete the group web?"));
        checkAccessibility("delete");
        browser.findElement(By.id("confirm")).sendKeys("wbe");
        browser.findElement(By.id("confirm-delete")).click();
        waiting(10).until(d -> d.findElement(By.id("flash")).getText().contains("not deleted"));
        assertThat(group()).isNotNull();
        browser.findElement(By.id("confirm")).sendKeys("web");
        HeadlessChromium.screenshot(browser, "4-confirm-delete");
        browser.findElement(By.id("confirm-delete")).click();
        waiting(10).until(d -> d.findElement(By.id("flash")).getText().contains("Deleting web"));
        Eventually.await("web to be gone", ConsoleBrowserTest::group, g -> g == null);
        waiting(20).until(d -> d.findElement(By.id("live")).getText().contains("no groups"));

        // logout ends the session on the server: the old cookie opens nothing
        browser.findElement(By.id("logout")).click();
        waiting(10).until(d -> !d.findElements(By.name("access_key_id")).isEmpty());
        assertThat(get("/console/", session)).doesNotContain("Your groups").contains("access_key_id");
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static int post(String path, String session, String form, String origin) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", "phantom_console=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) b.header("Origin", origin);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String get(String path, String session) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", "phantom_console=" + session).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** lang, one h1, headings that never skip a level, a label for every input, text contrast >= 4.5:1. */
    @SuppressWarnings("unchecked")
    static void checkAccessibility(String page) {
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as(page).isEqualTo("en");
        List<Long> levels = (List<Long>) browser.executeScript(
                "return Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => Number(h.tagName[1]))");
        assertThat(levels).as(page + " headings").isNotEmpty().first().isEqualTo(1L);
        assertThat(levels.stream().filter(l -> l == 1).count()).as(page + ": one h1").isEqualTo(1);
        for (int k = 1; k < levels.size(); k++) assertThat(levels.get(k)).as(page + " heading order").isLessThanOrEqualTo(levels.get(k - 1) + 1);
        List<String> unlabelled = (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('input:not([type=hidden]),select,textarea'))"
                        + ".filter(i => !(i.labels && i.labels.length) && !i.getAttribute('aria-label')).map(i => i.name)");
        assertThat(unlabelled).as(page + ": inputs without a label").isEmpty();
        List<String> unnamedButtons = (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('button')).filter(b => !b.textContent.trim()).map(b => b.outerHTML)");
        assertThat(unnamedButtons).as(page + ": buttons without a name").isEmpty();
        List<String> lowContrast = (List<String>) browser.executeScript(CONTRAST);
        assertThat(lowContrast).as(page + ": text below 4.5:1").isEmpty();
        assertThat(browser.executeScript("return document.querySelectorAll('svg[role=img]:not([aria-label])').length")).isEqualTo(0L);
    }

    /** For every element with its own visible text: its colour against the first opaque background behind it. */
    static final String CONTRAST = """
            function rgb(s) { const m = s.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
            function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
              return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); }
            function bg(e) { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0.99) return c; }
              return {r: 255, g: 255, b: 255, a: 1}; }
            const bad = [];
            for (const e of document.querySelectorAll('body *')) {
              const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
              if (!own || !e.getClientRects().length || getComputedStyle(e).visibility === 'hidden') continue;
              const r = e.getBoundingClientRect(); if (r.width <= 1 && r.height <= 1) continue;
              const a = lum(rgb(getComputedStyle(e).color)), b = lum(bg(e));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < 4.5) bad.push(e.tagName + '.' + e.className + ' "' + e.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
            }
            return bad;
            """;
}
