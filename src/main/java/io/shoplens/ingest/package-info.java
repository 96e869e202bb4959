/**
 * Imports a shop's own order history from CSV (the UCI Online Retail II layout, or any layout through a column
 * mapping) as a new dataset, all or nothing; and exports the current orders in the generic layout.
 */
package io.shoplens.ingest;
