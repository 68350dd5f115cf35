package dev.todoservice.web;

import java.util.List;
import java.util.Map;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 problem details. Spring's base class covers the protocol errors
 * (404, 405, 415, …); this adds the contract's choices: validation is 422 with per-field
 * {@code errors}, malformed JSON is 400, a body over the limit is 413, an unreachable
 * database is 503, and nothing internal (stack, SQL, class name) reaches a client.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return validationProblem(FieldErrors.of(ex.getBindingResult()), headers, request, ex);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// A header is the protocol, not the resource's fields: a bad one makes the
		// request malformed (400).
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			RequestHeader header = result.getMethodParameter().getParameterAnnotation(RequestHeader.class);
			if (header != null && !result.getResolvableErrors().isEmpty()) {
				ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
						header.name() + " " + result.getResolvableErrors().get(0).getDefaultMessage());
				return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
			}
		}
		return validationProblem(FieldErrors.of(ex.getParameterValidationResults()), headers, request, ex);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		return validationProblem(List.of(FieldErrors.wrongType(name, ex.getRequiredType())), headers, request, ex);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// A chunked body that grew past the limit while Jackson read it: its exception,
		// wrapped.
		BodyTooLargeException tooLarge = cause(ex, BodyTooLargeException.class);
		if (tooLarge != null) {
			return bodyTooLarge(tooLarge, request);
		}
		// A well-formed body with a value of the wrong type is a validation failure, not
		// a syntax error.
		if (ex.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			return validationProblem(List.of(FieldErrors.wrongType(mismatch)), headers, request, ex);
		}
		String detail = (cause(ex, StreamConstraintsException.class) != null)
				? "JSON request body exceeds a parser limit (nesting depth or number length)"
				: (ex.getCause() instanceof JacksonException) ? "Malformed JSON request body"
						: "Request body is missing or unreadable";
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * A body over {@code todo.http.max-body-size}, declared ({@link BodySizeLimitFilter})
	 * or read.
	 */
	@ExceptionHandler(BodyTooLargeException.class)
	@Nullable ResponseEntity<Object> bodyTooLarge(BodyTooLargeException ex, WebRequest request) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.CONTENT_TOO_LARGE, request);
	}

	/**
	 * Tomcat decodes the query string only when a parameter is first asked for, and then
	 * throws for bad percent-encoding ({@code ?limit=%zz}) or too many parameters: the
	 * client's mistake, not a 500.
	 */
	@ExceptionHandler(InvalidParameterException.class)
	@Nullable ResponseEntity<Object> invalidParameter(InvalidParameterException ex, WebRequest request) {
		HttpStatus status = HttpStatus.resolve(ex.getErrorCode());
		if (status == null || !status.is4xxClientError()) {
			status = HttpStatus.BAD_REQUEST;
		}
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, "Malformed query string");
		return handleExceptionInternal(ex, body, new HttpHeaders(), status, request);
	}

	@ExceptionHandler({ CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
			TransientDataAccessException.class })
	@Nullable ResponseEntity<Object> databaseUnavailable(Exception ex, WebRequest request) {
		log.warn("Database unavailable: {}", ex.getMessage());
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The database is unavailable. Retry later.");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "5");
		return handleExceptionInternal(ex, body, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	@ExceptionHandler(Exception.class)
	@Nullable ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		log.error("Unexpected failure on {}", request.getDescription(false), ex);
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred.");
		return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	/**
	 * A client that went away before its answer (the response is committed) is no problem
	 * worth a WARN line each time; Spring's default logs one.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
		if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null
				&& servlet.getResponse().isCommitted()) {
			log.debug("Response already committed, not answering {}", ex.toString());
			return null;
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	/**
	 * Every problem gets a {@code type}: the RFC 9110 definition of its status, unless it
	 * has its own. And it is always problem+json, whatever the Accept header says:
	 * negotiated, an unparseable Accept left the error without any body, and
	 * {@code Accept: application/yaml} turned it into YAML.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			ProblemErrorController.typed(problem);
			HttpHeaders problemHeaders = new HttpHeaders();
			problemHeaders.putAll(headers);
			problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			return super.createResponseEntity(body, problemHeaders, statusCode, request);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private @Nullable ResponseEntity<Object> validationProblem(List<Map<String, String>> errors, HttpHeaders headers,
			WebRequest request, Exception ex) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, "Validation failed");
		body.setProperty("errors", errors);
		return handleExceptionInternal(ex, body, headers, HttpStatus.UNPROCESSABLE_CONTENT, request);
	}

	/**
	 * The first exception of the type in the cause chain (bounded: a chain may loop), or
	 * null.
	 */
	private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		Throwable cause = ex;
		for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
