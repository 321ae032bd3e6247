package io.bootcloud.rules;

/** The three reward pools of §4.4.2(4); BC is shared by classes B and C. */
public enum Pool { A, BC, D }
