/**
 * The account aggregate: {@link dev.pdsaccounts.account.Account}, its store port
 * {@link dev.pdsaccounts.account.AccountRepository}, and the handle, email and password policies. The account use
 * cases (creation, handle and email changes, status, deletion) are in {@link dev.pdsaccounts.service.account}.
 */
package dev.pdsaccounts.account;
