package dev.todoservice.documentation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README is the newcomer's door and must stay true: the two commands first, short, every
 * class of the service in its Anatomy, every relative link of README and docs/ pointing
 * at a file that exists, and CI running the test command README gives.
 */
class DocumentationTests {

	private static final Path README = Path.of("README.md");

	@Test
	void readmeShowsTheTwoCommandsOnItsFirstScreen() throws IOException {
		List<String> firstScreen = Files.readAllLines(README).subList(0, 15);
		assertThat(firstScreen).as("README's first 15 lines show how to run")
			.anyMatch((line) -> line.startsWith("./mvnw spring-boot:test-run"));
		assertThat(firstScreen).as("README's first 15 lines show how to test")
			.anyMatch((line) -> line.startsWith("./mvnw verify"));
	}

	@Test
	void readmeStaysShort() throws IOException {
		int words = Files.readString(README).split("\\s+").length;
		assertThat(words).as("README words (depth belongs in docs/)").isLessThanOrEqualTo(1_550);
	}

	@Test
	void anatomyNamesEveryClassOfTheService() throws IOException {
		String readme = Files.readString(README);
		String anatomy = readme.substring(readme.indexOf("## Anatomy"),
				readme.indexOf("\n## ", readme.indexOf("## Anatomy") + 1));
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
			List<String> missing = sources.map((path) -> path.getFileName().toString())
				.filter((name) -> name.endsWith(".java") && !name.equals("package-info.java"))
				.map((name) -> name.substring(0, name.length() - ".java".length()))
				.filter((name) -> !name.equals("TodoServiceApplication"))
				.filter((name) -> !anatomy.contains("`" + name + "`"))
				.sorted()
				.toList();
			assertThat(missing).as("classes README's Anatomy does not name").isEmpty();
		}
	}

	@Test
	void everyRelativeLinkPointsAtAFileThatExists() throws IOException {
		Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
		try (Stream<Path> docs = Stream.concat(Stream.of(README), Files.list(Path.of("docs")))) {
			for (Path doc : docs.filter((path) -> path.toString().endsWith(".md")).toList()) {
				Matcher matcher = link.matcher(Files.readString(doc));
				while (matcher.find()) {
					String target = matcher.group(1);
					if (!target.contains("://") && !target.startsWith("mailto:")) {
						assertThat(doc.resolveSibling(target)).as("link from " + doc + " to " + target).exists();
					}
				}
			}
		}
	}

	@Test
	void ciRunsTheTestCommandReadmeGives() throws IOException {
		assertThat(Files.readString(Path.of(".ci/run"))).as(".ci/run calls ./mvnw verify")
			.containsPattern("(?m)^\\./mvnw .*verify\\s*$");
	}

}
