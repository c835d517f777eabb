/* Progressive enhancements for guideline pages (copy-citation buttons). */
