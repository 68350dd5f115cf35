package dev.todoservice;

import java.util.List;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.todoservice.todo.TodoChange;
import dev.todoservice.todo.Todos;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout's rules: each package is one capability (see README, Anatomy), and these are
 * the lines between them that a change must not cross without changing this test on
 * purpose.
 */
@AnalyzeClasses(packagesOf = TodoServiceApplication.class, importOptions = { ImportOption.DoNotIncludeTests.class,
		ImportOption.DoNotIncludeJars.class, ArchitectureTests.WrittenByHand.class })
class ArchitectureTests {

	/**
	 * The tree's own classes, not those Spring AOT generates beside them at package time
	 * ({@code Foo__BeanDefinitions}, CGLIB proxies), which wire every package together.
	 */
	static final class WrittenByHand implements ImportOption {

		@Override
		public boolean includes(Location location) {
			return !location.contains("__") && !location.contains("$$SpringCGLIB$$");
		}

	}

	@ArchTest
	static final ArchRule noCyclesBetweenPackages = slices().matching("dev.todoservice.(*)..")
		.should()
		.beFreeOfCycles()
		.because("a capability that depends on another must not be depended on by it");

	@ArchTest
	static final ArchRule onlyTheWireFormatTouchesProtobuf = noClasses().that()
		.resideOutsideOfPackages("dev.todoservice.events..", "dev.todoservice.todo.proto..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("dev.todoservice.todo.proto..", "com.google.protobuf..")
		.because("the Protobuf classes are the wire format, which events.TodoChangeCodec alone translates");

	@ArchTest
	static final ArchRule theConsumerSideKnowsNoHttp = noClasses().that()
		.resideInAnyPackage("dev.todoservice.apply..", "dev.todoservice.todo..", "dev.todoservice.events..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.http..", "org.springframework.web..", "jakarta.servlet..")
		.because("what applying a change did is an Outcome; api.Answers alone turns it into an HTTP answer");

	@ArchTest
	static final ArchRule theApiDoesNotTouchJdbc = noClasses().that()
		.resideInAnyPackage("dev.todoservice.api..", "dev.todoservice.web..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.jdbc.core..", "java.sql..", "javax.sql..")
		.because("the API reads through the model's repositories (todo.Todos) and writes through Kafka");

	@ArchTest
	static final ArchRule theModelDependsOnNoOtherCapability = noClasses().that()
		.resideInAPackage("dev.todoservice.todo..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("dev.todoservice.api..", "dev.todoservice.events..", "dev.todoservice.apply..",
				"dev.todoservice.live..", "dev.todoservice.web..", "dev.todoservice.accounts..")
		.because("every other package builds on the model, never the other way round");

	@ArchTest
	static final ArchRule onlyAccountsKnowsSignIn = noClasses().that()
		.resideOutsideOfPackage("dev.todoservice.accounts..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.security..", "org.springframework.session..")
		.because("who is signed in reaches the rest as an Owner, through accounts.CurrentOwner");

	@ArchTest
	static final ArchRule onlyTheConsumerAppliesChanges = noClasses().that()
		.resideOutsideOfPackages("dev.todoservice.apply..", "dev.todoservice.todo..")
		.should()
		.callMethod(Todos.class, "insert", List.class)
		.orShould()
		.callMethod(Todos.class, "update", TodoChange.Update.class)
		.orShould()
		.callMethod(Todos.class, "delete", TodoChange.Delete.class)
		.because("the consumer is the only writer of the todo table");

}
