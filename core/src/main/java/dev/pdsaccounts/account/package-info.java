/**
 * The account aggregate: {@link dev.pdsaccounts.account.Account}, its store port
 * {@link dev.pdsaccounts.account.Accounts}, the handle, email and password policies, and the account use
 * cases (creation, handle and email changes, status, deletion).
 */
package dev.pdsaccounts.account;
