/** Cross-cutting HTTP: problem details for every error, the OpenAPI document, the greeting, the web app's entry. */
package dev.todoservice.web;
