"""Monthly rental renewal: the renewal job, unpaid periods, suspension and resume on credit."""
