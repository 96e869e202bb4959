/**
 * Churn prediction: leak-free snapshots (features before a cutoff, label from the horizon after it), a Tribuo random
 * forest validated out of time against baselines and, on simulated data, the oracle; scheduled retraining (also after
 * new orders), model versions kept in MongoDB and GridFS with their feature drift and realized outcomes, and
 * predictions cached for the pages.
 */
package io.shoplens.churn;
