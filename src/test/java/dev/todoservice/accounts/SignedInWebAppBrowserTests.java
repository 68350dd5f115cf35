package dev.todoservice.accounts;

import java.time.Duration;
import java.util.List;

import dev.todoservice.infrastructure.Chromium;
import dev.todoservice.infrastructure.OpenIdProvider;
import dev.todoservice.infrastructure.SignedInIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app in headless Chromium when sign-in is required: "Sign in" on the 401, the
 * provider's login form, back on the app with a session whose writes carry the CSRF
 * header, and "Sign out".
 */
@SignedInIntegrationTest
class SignedInWebAppBrowserTests {

	private static Chromium chromium;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startBrowser() {
		Chromium.assumeInstalled();
		chromium = Chromium.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void signsInAddsATodoAndSignsOut() {
		ChromeDriver browser = chromium.driver();
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		String app = "http://127.0.0.1:" + this.port + "/app/";
		browser.get(app);

		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in"))).click();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(OpenIdProvider.ALICE);
		browser.findElement(By.name("password")).sendKeys(OpenIdProvider.password(OpenIdProvider.ALICE));
		browser.findElement(By.cssSelector("button[type=submit]")).click();

		wait.until(ExpectedConditions.urlToBe(app));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
		assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).isFalse();
		assertThat(browser.manage().getCookieNamed("SESSION").isHttpOnly()).isTrue();

		String title = "signed in " + System.nanoTime();
		browser.findElement(By.id("new-title")).sendKeys(title + Keys.ENTER);
		wait.until((WebDriver driver) -> titles(driver).contains(title));

		browser.findElement(By.id("sign-out")).click();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
	}

	private static List<String> titles(WebDriver driver) {
		return driver.findElements(By.cssSelector("#todo-list .title")).stream().map(WebElement::getText).toList();
	}

}
