package dev.todoservice.accounts;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.todoservice.infrastructure.Chromium;
import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.OpenIdProvider;
import dev.todoservice.infrastructure.SignedInIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app in two headless Chromiums when sign-in is required, Alice in one and Bob in
 * the other: "Sign in" on the 401, the provider's login form, back on the app with a
 * session whose writes carry the CSRF header; each list updates live with its owner's
 * changes only; "Sign out" ends the session, so its cookie no longer opens the API.
 */
@SignedInIntegrationTest
class SignedInWebAppBrowserTests {

	private static Chromium alices;

	private static Chromium bobs;

	@LocalServerPort
	int port;

	private final OpenIdProvider provider = OpenIdProvider.shared();

	@BeforeAll
	static void startBrowsers() {
		Chromium.assumeInstalled();
		// Both at once: each start waits mostly on its own processes.
		CompletableFuture<Chromium> bob = CompletableFuture.supplyAsync(Chromium::start);
		try {
			alices = Chromium.start();
		}
		finally {
			bobs = bob.join();
		}
	}

	@AfterAll
	static void stopBrowsers() {
		for (Chromium chromium : new Chromium[] { alices, bobs }) {
			if (chromium != null) {
				chromium.close();
			}
		}
	}

	@Test
	void twoUsersEachSeeTheirOwnListLiveAndSignOutEndsAccess() {
		ChromeDriver alice = signIn(alices.driver(), OpenIdProvider.ALICE);
		ChromeDriver bob = signIn(bobs.driver(), OpenIdProvider.BOB);
		assertThat(alice.manage().getCookieNamed("SESSION").isHttpOnly()).as("the page's JavaScript never sees it")
			.isTrue();

		String alicesTitle = "Alice's " + System.nanoTime();
		alice.findElement(By.id("new-title")).sendKeys(alicesTitle + Keys.ENTER);
		await(alice).until((driver) -> titles(driver).contains(alicesTitle));
		String bobsTitle = "Bob's " + System.nanoTime();
		bob.findElement(By.id("new-title")).sendKeys(bobsTitle + Keys.ENTER);
		await(bob).until((driver) -> titles(driver).contains(bobsTitle));

		// A change made elsewhere (Alice's command line) reaches her page live, and not
		// Bob's.
		String live = "from Alice's curl " + System.nanoTime();
		Http http = new Http(this.port);
		assertThat(http
			.request("POST", "/todos/", "{\"title\": \"" + live + "\"}", "Authorization",
					"Bearer " + this.provider.token(OpenIdProvider.ALICE))
			.status()).isEqualTo(201);
		await(alice).until((driver) -> titles(driver).contains(live));
		String bobsLatest = "Bob's last " + System.nanoTime();
		bob.findElement(By.id("new-title")).sendKeys(bobsLatest + Keys.ENTER);
		await(bob).until((driver) -> titles(driver).contains(bobsLatest));
		assertThat(titles(bob)).as("Bob's page shows none of Alice's todos, live or loaded")
			.doesNotContain(alicesTitle, live);
		assertThat(titles(alice)).as("Alice's page shows none of Bob's").doesNotContain(bobsTitle, bobsLatest);

		String session = alice.manage().getCookieNamed("SESSION").getValue();
		assertThat(http.request("GET", "/todos/", null, "Cookie", "SESSION=" + session).status())
			.as("the session cookie opens the API while signed in")
			.isEqualTo(200);
		alice.findElement(By.id("sign-out")).click();
		await(alice).until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
		assertThat(http.request("GET", "/todos/", null, "Cookie", "SESSION=" + session).status())
			.as("signed out: the old cookie is refused")
			.isEqualTo(401);
	}

	private ChromeDriver signIn(ChromeDriver browser, String user) {
		String app = "http://127.0.0.1:" + this.port + "/app/";
		browser.get(app);
		WebDriverWait wait = await(browser);
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in"))).click();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(user);
		browser.findElement(By.name("password")).sendKeys(OpenIdProvider.password(user));
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		wait.until(ExpectedConditions.urlToBe(app));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
		assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).isFalse();
		return browser;
	}

	private static WebDriverWait await(WebDriver browser) {
		return Chromium.waitFor(browser, Duration.ofSeconds(20));
	}

	private static List<String> titles(WebDriver driver) {
		return Chromium.texts(driver, "#todo-list .title");
	}

}
