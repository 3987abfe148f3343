package dev.pdsaccounts.lookup;

import java.util.Objects;

/**
 * What a store finder looks up: the rows whose field {@link #by()} equals {@link #value()} exactly. Each
 * repository names its lookup fields in an enum ({@code AccountField}, {@code InviteCodeField},
 * {@code RefreshTokenField}, {@code EmailTokenField}, {@code ReservationField}), so a lookup of one table cannot
 * be handed to another's finder; a store maps the field to the column (or index) it compares, one statement
 * per finder.
 *
 * @param by    the field compared
 * @param value the value it must equal
 * @param <F>   the repository's enum of lookup fields
 */
public record Lookup<F extends Enum<F>>(F by, String value) {

    /**
     * Checks both parts are given.
     *
     * @param by    the field compared
     * @param value the value it must equal
     */
    public Lookup {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(value, "value");
    }
}
