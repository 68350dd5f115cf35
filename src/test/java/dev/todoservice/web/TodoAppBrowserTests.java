package dev.todoservice.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.todoservice.infrastructure.Chromium;
import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app at /app/ in a real browser (headless Chromium) against the whole service:
 * every TodoMVC action, the filter in the URL, paging, the API's validation errors beside
 * their fields, live updates between two browsers, "saving…" while an accepted write is
 * not applied, and the banner while the service cannot be reached. Screenshots of the
 * main states go to target/screenshots/.
 * <p>
 * On a service, database and broker of its own, so that it runs beside the integration
 * tests, on the second core, from the start (it is the longest class); never beside the
 * fuzz, which runs alone.
 */
@IntegrationTest
// A write the consumer does not apply is answered 202 after 1 s instead of 5: the page's
// "saving" state is the same, the test shorter.
// A topic and a group of its own on the JVM's one broker.
@TestPropertySource(
		properties = { "todo.apply-wait=1s", "todo.topic=web.todos2", "spring.kafka.consumer.group-id=web" })
@Execution(ExecutionMode.CONCURRENT)
// Its tests drive one Chromium, so one after another: a lock on the class keeps its
// methods on one thread.
@ResourceLock("TodoAppBrowserTests.chromium")
@Order(1)
class TodoAppBrowserTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static Chromium chromium;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	Http http;

	ChromeDriver browser;

	@DynamicPropertySource
	static void ownDatabase(DynamicPropertyRegistry properties) {
		// The build sets database.url (this run's database); an IDE run falls back to the
		// service's default.
		properties.add("database.url",
				() -> System.getProperty("database.url", "postgresql://postgres@127.0.0.1:5432/todo") + "_web");
	}

	@BeforeAll
	static void startBrowser() throws IOException {
		Chromium.assumeInstalled();
		Files.createDirectories(SCREENSHOTS);
		chromium = Chromium.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (chromium != null) {
			chromium.close();
		}
	}

	/** Each test starts from an empty list. */
	@BeforeEach
	void emptyList() {
		this.jdbc.sql("DELETE FROM todo").update();
		this.http = new Http(this.port);
		this.browser = chromium.driver();
	}

	/**
	 * No script error and no Content-Security-Policy violation, whatever the test did.
	 */
	@AfterEach
	void consoleIsClean() {
		assertThat(consoleProblems(this.browser)).isEmpty();
	}

	@Test
	void addsTogglesEditsAndDeletesTodos() {
		open(this.browser, "");
		assertThat(this.browser.findElement(By.id("empty")).getText()).contains("Nothing to do yet");
		screenshot(this.browser, "01-empty");

		add(this.browser, "Buy milk", "2 litres, semi-skimmed");
		add(this.browser, "Walk the dog", "");
		add(this.browser, "Write the report", "");
		assertThat(titles(this.browser)).containsExactly("Buy milk", "Walk the dog", "Write the report");
		assertThat(part(this.browser, "Buy milk", "description").getText()).isEqualTo("2 litres, semi-skimmed");
		assertThat(counter(this.browser)).isEqualTo("3 items left");

		part(this.browser, "Buy milk", "toggle").click();
		waitUntil(this.browser, (d) -> hasClass(item(d, "Buy milk"), "completed") && nothingSaving(d));
		assertThat(counter(this.browser)).isEqualTo("2 items left");
		assertThat(stored("Buy milk").get("completed").asBoolean()).isTrue();
		screenshot(this.browser, "02-list");

		// Double-click edits in place; Enter saves the title and the description.
		doubleClick(this.browser, "Walk the dog");
		replace(editField(this.browser, "edit-title"), "Walk the cat");
		screenshot(this.browser, "03-editing");
		editField(this.browser, "edit-title").sendKeys(Keys.TAB);
		assertThat(focused().getAttribute("class")).isEqualTo("edit-description");
		focused().sendKeys("Around the block", Keys.ENTER);
		waitUntil(this.browser, (d) -> titles(d).contains("Walk the cat") && notEditing(d));
		assertThat(stored("Walk the cat").get("description").asString()).isEqualTo("Around the block");

		// Escape cancels.
		doubleClick(this.browser, "Write the report");
		replace(editField(this.browser, "edit-title"), "Never mind");
		editField(this.browser, "edit-title").sendKeys(Keys.ESCAPE);
		waitUntil(this.browser, TodoAppBrowserTests::notEditing);
		assertThat(titles(this.browser)).containsExactly("Buy milk", "Walk the cat", "Write the report");
		assertThat(stored("Write the report")).isNotNull();

		// An empty title deletes.
		doubleClick(this.browser, "Write the report");
		replace(editField(this.browser, "edit-title"), "");
		editField(this.browser, "edit-title").sendKeys(Keys.ENTER);
		waitUntil(this.browser, (d) -> !titles(d).contains("Write the report"));
		assertThat(stored("Write the report")).isNull();

		// The delete button, which shows when the pointer is over the todo.
		new Actions(this.browser).moveToElement(item(this.browser, "Walk the cat")).perform();
		part(this.browser, "Walk the cat", "destroy").click();
		waitUntil(this.browser, (d) -> titles(d).equals(List.of("Buy milk")));
		assertThat(counter(this.browser)).isEqualTo("0 items left");
		assertThat(storedTitles()).containsExactly("Buy milk");
	}

	@Test
	void togglesAllAndClearsCompleted() {
		create("One", null, false);
		create("Two", null, true);
		create("Three", null, false);
		open(this.browser, "");
		assertThat(counter(this.browser)).isEqualTo("2 items left");

		this.browser.findElement(By.cssSelector("label[for='toggle-all']")).click();
		waitUntil(this.browser, (d) -> counter(d).equals("0 items left") && nothingSaving(d));
		assertThat(storedCompleted()).containsExactly(true, true, true);

		this.browser.findElement(By.cssSelector("label[for='toggle-all']")).click();
		waitUntil(this.browser, (d) -> counter(d).equals("3 items left") && nothingSaving(d));
		assertThat(storedCompleted()).containsExactly(false, false, false);

		part(this.browser, "Two", "toggle").click();
		waitUntil(this.browser, ExpectedConditions.elementToBeClickable(By.id("clear-completed"))).click();
		waitUntil(this.browser, (d) -> titles(d).equals(List.of("One", "Three")) && nothingSaving(d));
		assertThat(storedTitles()).containsExactly("One", "Three");
		assertThat(this.browser.findElement(By.id("clear-completed")).isDisplayed()).isFalse();
	}

	@Test
	void keepsTheFilterInTheUrlAcrossReloadAndBack() {
		create("Active one", null, false);
		create("Done one", null, true);
		create("Active two", null, false);
		open(this.browser, "");

		filterLink("Active").click();
		waitUntil(this.browser, (d) -> d.getCurrentUrl().endsWith("/app/#/active")
				&& titles(d).equals(List.of("Active one", "Active two")));
		assertThat(filterLink("Active").getAttribute("aria-current")).isEqualTo("page");
		screenshot(this.browser, "05-filter-active");

		this.browser.navigate().refresh();
		waitUntilReady(this.browser);
		assertThat(titles(this.browser)).containsExactly("Active one", "Active two");
		assertThat(filterLink("Active").getAttribute("aria-current")).isEqualTo("page");

		filterLink("Completed").click();
		waitUntil(this.browser, (d) -> titles(d).equals(List.of("Done one")));
		this.browser.navigate().back();
		waitUntil(this.browser, (d) -> d.getCurrentUrl().endsWith("/app/#/active")
				&& titles(d).equals(List.of("Active one", "Active two")));
		this.browser.navigate().back();
		waitUntil(this.browser, (d) -> d.getCurrentUrl().endsWith("/app/") && titles(d).size() == 3);
		assertThat(filterLink("All").getAttribute("aria-current")).isEqualTo("page");

		// Completing a todo in the Active view moves it out of the view.
		this.browser.navigate().forward();
		waitUntil(this.browser, (d) -> titles(d).size() == 2);
		part(this.browser, "Active one", "toggle").click();
		waitUntil(this.browser, (d) -> titles(d).equals(List.of("Active two")));
	}

	@Test
	void showsTheApisValidationErrorsBesideTheirFields() {
		open(this.browser, "");
		WebElement title = this.browser.findElement(By.id("new-title"));
		WebElement description = this.browser.findElement(By.id("new-description"));
		description.sendKeys("A description but no title", Keys.ENTER);

		WebElement error = waitUntil(this.browser,
				ExpectedConditions.visibilityOfElementLocated(By.id("new-title-error")));
		JsonNode problem = this.http.post("/todos/", "{\"title\": \"\", \"description\": \"d\"}").json();
		assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo("Title must not be blank");
		assertThat(error.getText()).as("the service's words, as they are").isEqualTo("Title must not be blank");
		assertThat(title.getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(title.getAttribute("aria-describedby")).contains("new-title-error");
		screenshot(this.browser, "04-validation-error");
		assertThat(storedTitles()).isEmpty();
		replace(description, "");
		assertThat(error.isDisplayed()).as("a change to another field leaves the title's error").isTrue();

		// The error goes as soon as the input changes, before anything is sent.
		title.sendKeys("S");
		waitUntil(this.browser, (d) -> !error.isDisplayed());
		assertThat(title.getAttribute("aria-invalid")).isNull();
		title.sendKeys("hort enough", Keys.ENTER);
		waitUntil(this.browser, (d) -> titles(d).contains("Short enough"));
		assertThat(error.isDisplayed()).isFalse();

		// A description over 255 characters, while editing, with the page's limit taken
		// away: the service's error shows in the edit form, and goes on the next key.
		doubleClick(this.browser, "Short enough");
		WebElement editDescription = editField(this.browser, "edit-description");
		this.browser.executeScript("arguments[0].removeAttribute('maxlength')", editDescription);
		editDescription.sendKeys("d".repeat(256), Keys.ENTER);
		By descriptionError = By.cssSelector(".edit-form .field-error[data-field='description']");
		assertThat(waitUntil(this.browser, ExpectedConditions.visibilityOfElementLocated(descriptionError)).getText())
			.isEqualTo("Description must be at most 255 characters");
		assertThat(editDescription.getAttribute("aria-invalid")).isEqualTo("true");
		screenshot(this.browser, "04b-validation-error-edit");
		editDescription.sendKeys(Keys.BACK_SPACE);
		waitUntil(this.browser, ExpectedConditions.invisibilityOfElementLocated(descriptionError));
		assertThat(editDescription.getAttribute("aria-invalid")).isNull();
		editDescription.sendKeys(Keys.ESCAPE);
		waitUntil(this.browser, TodoAppBrowserTests::notEditing);
		assertThat(stored("Short enough").get("description").isNull()).isTrue();
	}

	@Test
	void inputStopsAtTheLimitAndSaysHowManyCharactersAreLeft() {
		open(this.browser, "");
		WebElement title = this.browser.findElement(By.id("new-title"));
		WebElement left = this.browser.findElement(By.id("new-title-left"));
		assertThat(left.isDisplayed()).as("nothing typed, nothing to count").isFalse();
		assertThat(title.getAttribute("aria-describedby")).contains("new-title-left");
		assertThat(left.getAttribute("aria-live")).isEqualTo("polite");

		title.sendKeys("x".repeat(90));
		waitUntil(this.browser, (d) -> left.getText().equals("10 characters left"));
		title.sendKeys("y".repeat(20));
		waitUntil(this.browser, (d) -> left.getText().equals("0 characters left"));
		assertThat(title.getAttribute("value")).as("typing stops at 100").hasSize(100).endsWith("yyyyyyyyyy");

		WebElement description = this.browser.findElement(By.id("new-description"));
		description.sendKeys("d".repeat(300));
		assertThat(description.getAttribute("value")).hasSize(255);
		assertThat(this.browser.findElement(By.id("new-description-left")).getText()).isEqualTo("0 characters left");
		screenshot(this.browser, "04c-characters-left");

		description.sendKeys(Keys.ENTER);
		waitUntil(this.browser, (d) -> titles(d).size() == 1 && nothingSaving(d));
		assertThat(left.isDisplayed()).as("the form emptied, the counter with it").isFalse();

		// The edit form has its limits and counters too.
		doubleClick(this.browser, titles(this.browser).get(0));
		WebElement editTitle = editField(this.browser, "edit-title");
		assertThat(editTitle.getAttribute("maxlength")).isEqualTo("100");
		By editLeft = By.cssSelector(".edit-form .chars-left[data-field='title']");
		assertThat(this.browser.findElement(editLeft).getText()).isEqualTo("0 characters left");
		editTitle.sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE);
		waitUntil(this.browser, (d) -> d.findElement(editLeft).getText().equals("2 characters left"));
		assertThat(editTitle.getAttribute("aria-describedby"))
			.contains(this.browser.findElement(editLeft).getAttribute("id"));
		editTitle.sendKeys(Keys.ESCAPE);
		waitUntil(this.browser, TodoAppBrowserTests::notEditing);
	}

	@Test
	void theCounterIsTrueFromTheFirstScreen() {
		for (int i = 1; i <= 253; i++) {
			this.http.request("POST", "/todos/",
					"{\"title\": \"Todo " + i + "\", \"completed\": " + (i % 10 == 0) + "}", "Prefer", "respond-async");
		}
		waitUntil(this.browser, (d) -> storedTitles().size() == 253);
		open(this.browser, "");
		assertThat(titles(this.browser)).hasSize(50);
		waitUntil(this.browser, (d) -> counter(d).equals("228 items left"));
		assertThat(this.browser.findElement(By.id("load-more")).isDisplayed()).as("more pages, not loaded").isTrue();
		screenshot(this.browser, "09b-counter-253");

		part(this.browser, "Todo 1", "toggle").click();
		waitUntil(this.browser, (d) -> counter(d).equals("227 items left") && nothingSaving(d));

		// A todo the page never loaded, completed elsewhere: the counter follows.
		long far = stored("Todo 201").get("id").asLong();
		assertThat(this.http.request("PATCH", "/todos/" + far, "{\"completed\": true}").status()).isEqualTo(200);
		waitUntil(this.browser, (d) -> counter(d).equals("226 items left"));
	}

	@Test
	void pagesThroughALongListWithLoadMore() {
		for (int i = 1; i <= 55; i++) {
			this.http.request("POST", "/todos/", "{\"title\": \"Todo " + i + "\"}", "Prefer", "respond-async");
		}
		waitUntil(this.browser, (d) -> storedTitles().size() == 55);
		open(this.browser, "");
		assertThat(titles(this.browser)).hasSize(50).startsWith("Todo 1").endsWith("Todo 50");
		waitUntil(this.browser, (d) -> counter(d).equals("55 items left"));
		WebElement more = this.browser.findElement(By.id("load-more"));
		this.browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", more);
		screenshot(this.browser, "09-load-more");

		more.click();
		waitUntil(this.browser, (d) -> titles(d).size() == 55);
		assertThat(titles(this.browser)).endsWith("Todo 51", "Todo 52", "Todo 53", "Todo 54", "Todo 55");
		assertThat(counter(this.browser)).isEqualTo("55 items left");
		assertThat(more.isDisplayed()).isFalse();
		assertThat(focused()).as("focus moves on to the first new todo")
			.isEqualTo(part(this.browser, "Todo 51", "toggle"));
	}

	@Test
	void twoBrowsersSeeEachOthersChangesWithinASecond() {
		try (Chromium other = Chromium.start()) {
			ChromeDriver second = other.driver();
			open(this.browser, "");
			open(second, "");

			add(this.browser, "Shared errand", "From the first browser");
			withinASecond(second, (d) -> titles(d).contains("Shared errand"));
			assertThat(part(second, "Shared errand", "description").getText()).isEqualTo("From the first browser");

			part(second, "Shared errand", "toggle").click();
			waitUntil(second, (d) -> hasClass(item(d, "Shared errand"), "completed") && nothingSaving(d));
			withinASecond(this.browser, (d) -> hasClass(item(d, "Shared errand"), "completed"));
			assertThat(counter(this.browser)).isEqualTo("0 items left");

			doubleClick(this.browser, "Shared errand");
			replace(editField(this.browser, "edit-title"), "Shared errand, renamed");
			editField(this.browser, "edit-title").sendKeys(Keys.ENTER);
			waitUntil(this.browser, (d) -> titles(d).contains("Shared errand, renamed"));
			withinASecond(second, (d) -> titles(d).contains("Shared errand, renamed"));
			screenshot(second, "10-live-second-browser");

			new Actions(second).moveToElement(item(second, "Shared errand, renamed")).perform();
			part(second, "Shared errand, renamed", "destroy").click();
			waitUntil(second, (d) -> titles(d).isEmpty());
			withinASecond(this.browser, (d) -> titles(d).isEmpty());
			assertThat(storedTitles()).isEmpty();
			assertThat(consoleProblems(second)).isEmpty();
		}
	}

	@Test
	void showsSavingUntilTheStreamShowsAnAcceptedWriteApplied() {
		create("Already there", null, false);
		open(this.browser, "");
		pauseConsumers();
		try {
			part(this.browser, "Already there", "toggle").click();
			this.browser.findElement(By.id("new-title")).sendKeys("Slow to apply", Keys.ENTER);
			waitUntil(this.browser, (d) -> part(d, "Already there", "saving-label").isDisplayed());

			// Nothing is applied while the consumer is paused: after the apply wait both
			// writes answer 202, and the page goes on showing them as saving.
			Chromium.waitFor(this.browser, Duration.ofSeconds(20))
				.until((d) -> hasClass(item(d, "Slow to apply"), "accepted")
						&& hasClass(item(d, "Already there"), "accepted"));
			assertThat(part(this.browser, "Slow to apply", "saving-label").getText()).isEqualTo("saving…");
			assertThat(part(this.browser, "Already there", "toggle").isSelected()).isTrue();
			screenshot(this.browser, "06-saving");
			assertThat(stored("Slow to apply")).as("not applied yet").isNull();
		}
		finally {
			resumeConsumers();
		}
		waitUntil(this.browser, (d) -> titles(d).size() == 2 && nothingSaving(d));
		assertThat(stored("Slow to apply")).isNotNull();
		assertThat(stored("Already there").get("completed").asBoolean()).isTrue();
	}

	@Test
	void showsABannerWhileTheServiceCannotBeReached() {
		try (TcpProxy proxy = TcpProxy.to(this.port)) {
			open(this.browser, proxy.port(), "");
			create("Before the outage", null, false);
			waitUntil(this.browser, (d) -> titles(d).contains("Before the outage"));
			WebElement banner = this.browser.findElement(By.id("banner"));
			assertThat(banner.isDisplayed()).isFalse();

			// The service goes away for this browser: its event stream drops, and the
			// banner shows
			// before the page sends anything.
			proxy.cut();
			waitUntil(this.browser, (d) -> banner.isDisplayed());
			assertThat(banner.getText()).contains("Can't reach the todo service");
			WebElement title = this.browser.findElement(By.id("new-title"));
			title.sendKeys("Written while away", Keys.ENTER);
			waitUntil(this.browser,
					(d) -> d.findElement(By.id("notice"))
						.getText()
						.equals("Not added: the service could not be reached."));
			assertThat(title.getAttribute("value")).as("kept to be sent again").isEqualTo("Written while away");
			screenshot(this.browser, "07-offline");
			create("Made elsewhere meanwhile", null, false);

			// Back: the banner goes, the stream catches up on what it missed (the browser
			// sends
			// Last-Event-ID), and the todo can be sent again.
			proxy.restore();
			waitUntil(this.browser, (d) -> !banner.isDisplayed() && titles(d).contains("Made elsewhere meanwhile"));
			title.sendKeys(Keys.ENTER);
			waitUntil(this.browser, (d) -> titles(d).contains("Written while away") && nothingSaving(d));
			assertThat(storedTitles()).containsExactly("Before the outage", "Made elsewhere meanwhile",
					"Written while away");
		}
	}

	@Test
	void worksByKeyboardAndAtPhoneWidth() {
		create("Call the plumber", "About the kitchen sink", false);
		create("Pay the rent", null, false);
		open(this.browser, "");

		// Tab order: the add form, toggle-all, then each todo's checkbox, Edit and
		// Delete.
		assertThat(focused().getAttribute("id")).isEqualTo("new-title");
		assertThat(tab().getAttribute("id")).isEqualTo("new-description");
		assertThat(tab().getText()).isEqualTo("Add");
		assertThat(tab().getAttribute("id")).isEqualTo("toggle-all");
		WebElement toggle = tab();
		assertThat(toggle).isEqualTo(part(this.browser, "Call the plumber", "toggle"));
		assertThat(this.browser.findElement(By.id(toggle.getAttribute("aria-labelledby"))).getText())
			.as("the checkbox is named by the title")
			.isEqualTo("Call the plumber");
		assertThat(this.browser.executeScript("return getComputedStyle(arguments[0]).outlineStyle", toggle))
			.as("visible focus")
			.isNotEqualTo("none");
		toggle.sendKeys(Keys.SPACE);
		waitUntil(this.browser, (d) -> hasClass(item(d, "Call the plumber"), "completed") && nothingSaving(d));

		WebElement edit = tab();
		assertThat(edit.getAttribute("aria-label")).isEqualTo("Edit “Call the plumber”");
		edit.sendKeys(Keys.ENTER);
		assertThat(focused()).isEqualTo(editField(this.browser, "edit-title"));
		focused().sendKeys(" today", Keys.ESCAPE);
		waitUntil(this.browser, TodoAppBrowserTests::notEditing);
		assertThat(titles(this.browser)).containsExactly("Call the plumber", "Pay the rent");
		assertThat(focused().getAttribute("aria-label")).as("back on Edit").isEqualTo("Edit “Call the plumber”");

		focused().sendKeys(Keys.ENTER);
		editField(this.browser, "edit-title").sendKeys(" today", Keys.ENTER);
		waitUntil(this.browser, (d) -> titles(d).contains("Call the plumber today") && notEditing(d));
		assertThat(focused().getAttribute("aria-label")).isEqualTo("Edit “Call the plumber today”");
		assertThat(tab().getAttribute("aria-label")).isEqualTo("Delete “Call the plumber today”");
		assertThat(tab()).isEqualTo(part(this.browser, "Pay the rent", "toggle"));

		// A phone's width: nothing wider than the screen, editing included.
		chromium.devTools("Emulation.setDeviceMetricsOverride",
				Map.of("width", 375, "height", 740, "deviceScaleFactor", 2, "mobile", true));
		try {
			this.browser.navigate().refresh();
			waitUntilReady(this.browser);
			assertThat(pageWidth()).isLessThanOrEqualTo(375);
			screenshot(this.browser, "08-phone");
			doubleClick(this.browser, "Pay the rent");
			editField(this.browser, "edit-title");
			assertThat(pageWidth()).isLessThanOrEqualTo(375);
			screenshot(this.browser, "08b-phone-editing");
		}
		finally {
			chromium.devTools("Emulation.clearDeviceMetricsOverride", Map.of());
		}
	}

	// The page as a person sees it

	private void open(WebDriver driver, String fragment) {
		open(driver, this.port, fragment);
	}

	private void open(WebDriver driver, int port, String fragment) {
		driver.get("http://127.0.0.1:" + port + "/app/" + fragment);
		waitUntilReady(driver);
	}

	/** The list is loaded and the event stream open. */
	private static void waitUntilReady(WebDriver driver) {
		waitUntil(driver, (d) -> "false".equals(d.findElement(By.id("app")).getAttribute("aria-busy"))
				&& "open".equals(d.findElement(By.tagName("html")).getAttribute("data-stream")));
	}

	private static void add(WebDriver driver, String title, String description) {
		WebElement titleInput = driver.findElement(By.id("new-title"));
		titleInput.sendKeys(title);
		if (description.isEmpty()) {
			titleInput.sendKeys(Keys.ENTER);
		}
		else {
			driver.findElement(By.id("new-description")).sendKeys(description, Keys.ENTER);
		}
		waitUntil(driver, (d) -> titles(d).contains(title) && nothingSaving(d)
				&& d.findElement(By.id("new-title")).getAttribute("value").isEmpty());
	}

	private static List<String> titles(WebDriver driver) {
		return Chromium.texts(driver, "#todo-list li .title");
	}

	private static WebElement item(WebDriver driver, String title) {
		return driver
			.findElement(By.xpath("//ul[@id='todo-list']/li[.//span[@class='title' and text()='" + title + "']]"));
	}

	/** A part of a todo's row: its toggle, description, destroy button, saving label… */
	private static WebElement part(WebDriver driver, String title, String className) {
		return item(driver, title).findElement(By.className(className));
	}

	private static void doubleClick(WebDriver driver, String title) {
		new Actions(driver).doubleClick(part(driver, title, "title")).perform();
	}

	/** A field of the edit form, once it shows. */
	private static WebElement editField(WebDriver driver, String className) {
		return waitUntil(driver,
				ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".edit-form ." + className)));
	}

	private static boolean notEditing(WebDriver driver) {
		return driver.findElements(By.className("edit-form")).isEmpty();
	}

	private static void replace(WebElement input, String text) {
		input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
		if (!text.isEmpty()) {
			input.sendKeys(text);
		}
	}

	private static boolean hasClass(WebElement element, String name) {
		return List.of(element.getAttribute("class").split("\\s+")).contains(name);
	}

	/** No todo shows "saving…", and neither does the add form. */
	private static boolean nothingSaving(WebDriver driver) {
		return driver.findElements(By.cssSelector("#todo-list li.saving")).isEmpty()
				&& driver.findElement(By.id("new-status")).getText().isEmpty();
	}

	private static String counter(WebDriver driver) {
		return driver.findElement(By.id("todo-count")).getText();
	}

	private WebElement filterLink(String text) {
		return this.browser.findElement(By.linkText(text));
	}

	private WebElement focused() {
		return this.browser.switchTo().activeElement();
	}

	private WebElement tab() {
		new Actions(this.browser).sendKeys(Keys.TAB).perform();
		return focused();
	}

	private long pageWidth() {
		return (Long) this.browser.executeScript("return document.documentElement.scrollWidth");
	}

	private static <T> T waitUntil(WebDriver driver, Function<WebDriver, T> condition) {
		return Chromium.waitFor(driver, WAIT).until(condition);
	}

	private static void withinASecond(WebDriver driver, Function<WebDriver, Boolean> condition) {
		Chromium.waitFor(driver, Duration.ofSeconds(1)).until(condition);
	}

	private static List<String> consoleProblems(WebDriver driver) {
		return driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy") || message.contains("Uncaught"))
			.toList();
	}

	private static void screenshot(WebDriver driver, String name) {
		Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
		try {
			Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// The service as the API shows it

	private void create(String title, String description, boolean completed) {
		String body = "{\"title\": \"" + title + "\", \"completed\": " + completed
				+ ((description != null) ? ", \"description\": \"" + description + "\"" : "") + "}";
		Response created = this.http.post("/todos/", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	/** The stored todo with this title, or null. */
	private JsonNode stored(String title) {
		return this.http.get("/todos/?limit=1000")
			.json()
			.valueStream()
			.filter((todo) -> todo.get("title").asString().equals(title))
			.findFirst()
			.orElse(null);
	}

	private List<String> storedTitles() {
		return this.http.get("/todos/?limit=1000")
			.json()
			.valueStream()
			.map((todo) -> todo.get("title").asString())
			.toList();
	}

	private List<Boolean> storedCompleted() {
		return this.http.get("/todos/?limit=1000")
			.json()
			.valueStream()
			.map((todo) -> todo.get("completed").asBoolean())
			.toList();
	}

	/**
	 * The consumer stops taking records, so writes are accepted (202) but not applied.
	 */
	private void pauseConsumers() {
		this.listeners.getListenerContainers().forEach(MessageListenerContainer::pause);
		waitUntil(this.browser,
				(d) -> this.listeners.getListenerContainers()
					.stream()
					.allMatch(MessageListenerContainer::isContainerPaused));
	}

	private void resumeConsumers() {
		this.listeners.getListenerContainers().forEach(MessageListenerContainer::resume);
	}

}
