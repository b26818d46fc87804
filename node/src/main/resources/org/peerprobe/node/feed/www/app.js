// status page
