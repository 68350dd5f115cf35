/**
 * Cross-cutting HTTP: problem details for every error, the OpenAPI document, the
 * greeting, the web app's entry, and the defences against hostile input (body limit,
 * strict JSON, security headers).
 */
@NullMarked
package dev.todoservice.web;

import org.jspecify.annotations.NullMarked;
