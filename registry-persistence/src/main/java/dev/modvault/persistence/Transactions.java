package dev.modvault.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs plain-JDBC work in one transaction on a connection of its own (for the writers, which bypass Spring). */
final class Transactions {

    /** Work on a connection inside a transaction. */
    @FunctionalInterface
    interface Work<R> {
        R run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    /** Commits if the work returns, rolls back if it throws; the original failure is the one thrown. */
    static <R> R run(DataSource dataSource, Work<R> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                R result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // a broken connection: the pool discards it
                }
            }
        }
    }
}
