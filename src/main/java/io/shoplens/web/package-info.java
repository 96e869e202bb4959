/**
 * The thin HTTP layer: Qute pages and the JSON API call the feature services and only decide status codes, views
 * and who may write.
 */
package io.shoplens.web;
