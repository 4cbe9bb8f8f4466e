package dev.modvault.persistence;

import java.util.List;
import java.util.UUID;

/**
 * Writes one batch for a {@link BatchWriter}, all or nothing (one database transaction).
 *
 * <p>A failure is classified by {@link WriteFailures}: transient ones (database unreachable, restarting, lock
 * timeouts) make the writer keep the batch and retry it later; permanent ones (a value the database refuses) make it
 * write the items one by one to set the offending ones aside.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface BatchSink<T> {

    /**
     * @param items   the batch, never empty; not to be kept or modified
     * @param batchId identifies this exact batch: the same id is passed again when the same items are retried after
     *                a failure, so a sink whose commit outcome was lost can recognise a batch it already wrote
     * @throws Exception if nothing was written (the transaction rolled back)
     */
    void write(List<T> items, UUID batchId) throws Exception;
}
