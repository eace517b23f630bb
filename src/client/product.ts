/** The product's name, as the page templates write it (views/partials/brand.ejs). */
export const PRODUCT_NAME = 'Natter';
