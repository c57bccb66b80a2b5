package incidents;

import java.sql.Connection;
import java.sql.SQLException;

/** A raise's page or digest entry, inserted in the transaction that records the raise. */
@FunctionalInterface
interface QueueEntry {
    void insert(Connection c) throws SQLException;
}
