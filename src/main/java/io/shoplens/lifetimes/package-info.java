/**
 * Buy-till-you-die models of customer lifetime, pure maths with no dependency on the rest of ShopLens: the BG/NBD
 * model of repeat purchases and the Gamma-Gamma model of spend (Fader, Hardie and Lee 2005), fitted by maximum
 * likelihood with Apache Commons Math. Any feature may use them.
 */
package io.shoplens.lifetimes;
