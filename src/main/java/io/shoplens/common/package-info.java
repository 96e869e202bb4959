/** The little every feature shares: the injectable clock and the validation error that names each bad field. */
package io.shoplens.common;
