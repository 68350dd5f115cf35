package dev.todoservice.web;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The origin's greeting. */
@Tag(name = "root")
@RestController
class RootController {

	@Operation(summary = "Greeting", description = "The origin design's hello, unchanged")
	@GetMapping("/")
	Map<String, String> hello() {
		return Map.of("Hello", "PanaCloud Todo 2");
	}

}
