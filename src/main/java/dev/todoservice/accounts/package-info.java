/**
 * Accounts: who is signed in (OpenID Connect), and so whose todos a request sees.
 */
@NullMarked
package dev.todoservice.accounts;

import org.jspecify.annotations.NullMarked;
