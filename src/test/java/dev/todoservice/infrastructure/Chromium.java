package dev.todoservice.infrastructure;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium from the system's packages, driven through the system's
 * chromedriver. Both paths are given explicitly, so Selenium Manager never runs (it would
 * try to download a browser, which these machines cannot). Each instance has a profile of
 * its own, removed on {@link #close()}.
 */
public final class Chromium implements AutoCloseable {

	/**
	 * Debian's {@code chromium} and {@code chromium-driver}; {@code -Dchromium.binary=…}
	 * for elsewhere.
	 */
	private static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	private static final Path DRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

	private final Path profile;

	private final ChromeDriver driver;

	private Chromium(Path profile, ChromeDriver driver) {
		this.profile = profile;
		this.driver = driver;
	}

	/**
	 * Skips the calling tests when Chromium or chromedriver is missing, so a developer
	 * without them can run the rest; under CI ({@code CI=true}) it fails instead, since
	 * skipping would hide the gap.
	 */
	public static void assumeInstalled() {
		if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
			return;
		}
		String message = "Browser tests need " + BINARY + " and " + DRIVER
				+ ": install them with `apt-get install -y chromium chromium-driver`";
		if ("true".equals(System.getenv("CI"))) {
			Assertions.fail(message);
		}
		// Surefire counts a class skipped before its first test as no tests at all: say
		// why here.
		System.err.println("Skipping the browser tests. " + message);
		Assumptions.abort(message);
	}

	public static Chromium start() {
		Path profile;
		try {
			profile = Files.createTempDirectory("chromium-profile-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BINARY.toFile());
		options.addArguments("--headless=new",
				// The tests run as root, where Chromium's sandbox cannot start.
				"--no-sandbox", "--disable-gpu",
				// Containers often have a tiny /dev/shm; Chromium then crashes instead of
				// using /tmp.
				"--disable-dev-shm-usage",
				// Nothing but the service under test: no QUIC probing, updates, sync or
				// first-run pages.
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,900",
				// Two windows of one test run side by side; neither may slow its timers
				// down as hidden.
				"--disable-background-timer-throttling", "--disable-renderer-backgrounding",
				"--disable-backgrounding-occluded-windows");
		// The browser console, so a test can see script errors and
		// Content-Security-Policy violations.
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new Chromium(profile, new ChromeDriver(service, options));
	}

	/**
	 * Waits up to {@code timeout} for a condition, looking every 100 ms: Selenium's
	 * default of 500 ms added a quarter of a second to every wait of the browser tests.
	 * An element missing or replaced while the page renders counts as not yet.
	 */
	public static WebDriverWait waitFor(WebDriver driver, Duration timeout) {
		WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
		wait.ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class);
		return wait;
	}

	/**
	 * The text each element matching the CSS selector shows ("" for a hidden one, as
	 * {@code WebElement.getText()} says), in one command: {@code getText()} per element
	 * is a round trip through chromedriver each, and a wait polling a list of fifty made
	 * Chromium the build's busiest process.
	 */
	public static List<String> texts(WebDriver driver, String selector) {
		List<?> texts = (List<?>) ((JavascriptExecutor) driver)
			.executeScript("return Array.from(document.querySelectorAll(arguments[0]),"
					+ " (e) => e.checkVisibility() ? e.innerText.trim() : '')", selector);
		return texts.stream().map(String::valueOf).toList();
	}

	public ChromeDriver driver() {
		return this.driver;
	}

	/** A Chrome DevTools Protocol command, e.g. to take the network offline. */
	public void devTools(String command, Map<String, Object> parameters) {
		this.driver.executeCdpCommand(command, parameters);
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			delete(this.profile);
		}
	}

	private static void delete(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// a profile left in the temporary directory harms nothing
		}
	}

}
