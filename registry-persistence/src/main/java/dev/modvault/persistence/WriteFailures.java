package dev.modvault.persistence;

import java.sql.SQLException;

/** Tells a transient database failure (retry the same batch later) from a permanent one (the data is refused). */
final class WriteFailures {

    private WriteFailures() {
    }

    /**
     * Permanent: PostgreSQL refused the data itself, so retrying the same rows can never succeed: SQLSTATE class 22
     * (data exception: bad JSON, a NUL character, a value out of range), 23 (integrity constraint: NOT NULL, a row for
     * which no partition exists) and 21 (cardinality); and any unchecked exception other than a database one (a bug or
     * an item the sink cannot encode). Everything else, notably class 08 (connection), 57 (server shutting down or
     * starting), 53 (out of resources), 40 (serialization, deadlock) and 55 (lock not available), is transient.
     */
    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return isPermanentState(sql);
            }
        }
        return failure instanceof RuntimeException;
    }

    private static boolean isPermanentState(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("21"))) {
                return true;
            }
        }
        return false;
    }

    /** The SQLSTATE of the first SQLException in the chain, or null. */
    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** A one-line description for logs. */
    static String describe(Throwable failure) {
        String state = sqlState(failure);
        String message = String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
        return failure.getClass().getSimpleName() + (state != null ? " [" + state + "]" : "") + ": " + message;
    }
}
