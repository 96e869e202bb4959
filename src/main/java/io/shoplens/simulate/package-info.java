/**
 * The behavioural shop simulator: customers with a hidden persona, purchase rate and drop-out (BG/NBD style), products
 * with skewed popularity, seasonal orders and promotion campaigns, reproducible from a seed; and the generator that
 * streams a simulation into MongoDB as a new dataset.
 */
package io.shoplens.simulate;
