# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QListView, QMainWindow,
    QMenu, QMenuBar, QPushButton, QSizePolicy,
    QSplitter, QStatusBar, QTabWidget, QTableView,
    QVBoxLayout, QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1040, 700)
        self.actionSettings = QAction(MainWindow)
        self.actionSettings.setObjectName(u"actionSettings")
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
        self.actionAnswer = QAction(MainWindow)
        self.actionAnswer.setObjectName(u"actionAnswer")
        self.actionHangUp = QAction(MainWindow)
        self.actionHangUp.setObjectName(u"actionHangUp")
        self.actionMute = QAction(MainWindow)
        self.actionMute.setObjectName(u"actionMute")
        self.actionTransfer = QAction(MainWindow)
        self.actionTransfer.setObjectName(u"actionTransfer")
        self.actionFocusSearch = QAction(MainWindow)
        self.actionFocusSearch.setObjectName(u"actionFocusSearch")
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.centralWidget = QWidget(MainWindow)
        self.centralWidget.setObjectName(u"centralWidget")
        self.centralLayout = QVBoxLayout(self.centralWidget)
        self.centralLayout.setObjectName(u"centralLayout")
        self.dialRow = QHBoxLayout()
        self.dialRow.setObjectName(u"dialRow")
        self.dialField = QLineEdit(self.centralWidget)
        self.dialField.setObjectName(u"dialField")
        self.dialField.setClearButtonEnabled(True)

        self.dialRow.addWidget(self.dialField)

        self.callWithCombo = QComboBox(self.centralWidget)
        self.callWithCombo.setObjectName(u"callWithCombo")

        self.dialRow.addWidget(self.callWithCombo)

        self.dialButton = QPushButton(self.centralWidget)
        self.dialButton.setObjectName(u"dialButton")

        self.dialRow.addWidget(self.dialButton)


        self.centralLayout.addLayout(self.dialRow)

        self.mainSplitter = QSplitter(self.centralWidget)
        self.mainSplitter.setObjectName(u"mainSplitter")
        self.mainSplitter.setOrientation(Qt.Orientation.Horizontal)
        self.mainTabs = QTabWidget(self.mainSplitter)
        self.mainTabs.setObjectName(u"mainTabs")
        self.colleaguesTab = QWidget()
        self.colleaguesTab.setObjectName(u"colleaguesTab")
        self.colleaguesLayout = QVBoxLayout(self.colleaguesTab)
        self.colleaguesLayout.setObjectName(u"colleaguesLayout")
        self.colleaguesFilter = QLineEdit(self.colleaguesTab)
        self.colleaguesFilter.setObjectName(u"colleaguesFilter")
        self.colleaguesFilter.setClearButtonEnabled(True)

        self.colleaguesLayout.addWidget(self.colleaguesFilter)

        self.colleaguesView = QListView(self.colleaguesTab)
        self.colleaguesView.setObjectName(u"colleaguesView")
        self.colleaguesView.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.colleaguesView.setViewMode(QListView.ViewMode.IconMode)
        self.colleaguesView.setResizeMode(QListView.ResizeMode.Adjust)
        self.colleaguesView.setUniformItemSizes(True)
        self.colleaguesView.setMovement(QListView.Movement.Static)
        self.colleaguesView.setSpacing(6)

        self.colleaguesLayout.addWidget(self.colleaguesView)

        self.mainTabs.addTab(self.colleaguesTab, "")
        self.journalTab = QWidget()
        self.journalTab.setObjectName(u"journalTab")
        self.journalLayout = QVBoxLayout(self.journalTab)
        self.journalLayout.setObjectName(u"journalLayout")
        self.journalFilterRow = QHBoxLayout()
        self.journalFilterRow.setObjectName(u"journalFilterRow")
        self.journalKindCombo = QComboBox(self.journalTab)
        self.journalKindCombo.setObjectName(u"journalKindCombo")

        self.journalFilterRow.addWidget(self.journalKindCombo)

        self.journalSearch = QLineEdit(self.journalTab)
        self.journalSearch.setObjectName(u"journalSearch")
        self.journalSearch.setClearButtonEnabled(True)

        self.journalFilterRow.addWidget(self.journalSearch)

        self.callBackButton = QPushButton(self.journalTab)
        self.callBackButton.setObjectName(u"callBackButton")

        self.journalFilterRow.addWidget(self.callBackButton)

        self.exportCsvButton = QPushButton(self.journalTab)
        self.exportCsvButton.setObjectName(u"exportCsvButton")

        self.journalFilterRow.addWidget(self.exportCsvButton)


        self.journalLayout.addLayout(self.journalFilterRow)

        self.journalView = QTableView(self.journalTab)
        self.journalView.setObjectName(u"journalView")
        self.journalView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.journalView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.journalView.setAlternatingRowColors(True)
        self.journalView.setSortingEnabled(False)
        self.journalView.setWordWrap(False)

        self.journalLayout.addWidget(self.journalView)

        self.journalDetails = QLabel(self.journalTab)
        self.journalDetails.setObjectName(u"journalDetails")
        self.journalDetails.setWordWrap(True)
        self.journalDetails.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.journalLayout.addWidget(self.journalDetails)

        self.mainTabs.addTab(self.journalTab, "")
        self.mainSplitter.addWidget(self.mainTabs)
        self.callsPanel = QWidget(self.mainSplitter)
        self.callsPanel.setObjectName(u"callsPanel")
        self.callsLayout = QVBoxLayout(self.callsPanel)
        self.callsLayout.setObjectName(u"callsLayout")
        self.callsLayout.setContentsMargins(0, 0, 0, 0)
        self.callsHeading = QLabel(self.callsPanel)
        self.callsHeading.setObjectName(u"callsHeading")

        self.callsLayout.addWidget(self.callsHeading)

        self.callsView = QListView(self.callsPanel)
        self.callsView.setObjectName(u"callsView")
        self.callsView.setDragEnabled(True)
        self.callsView.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)

        self.callsLayout.addWidget(self.callsView)

        self.callActions = QGridLayout()
        self.callActions.setObjectName(u"callActions")
        self.answerButton = QPushButton(self.callsPanel)
        self.answerButton.setObjectName(u"answerButton")

        self.callActions.addWidget(self.answerButton, 0, 0, 1, 1)

        self.rejectButton = QPushButton(self.callsPanel)
        self.rejectButton.setObjectName(u"rejectButton")

        self.callActions.addWidget(self.rejectButton, 0, 1, 1, 1)

        self.hangUpButton = QPushButton(self.callsPanel)
        self.hangUpButton.setObjectName(u"hangUpButton")

        self.callActions.addWidget(self.hangUpButton, 0, 2, 1, 1)

        self.holdButton = QPushButton(self.callsPanel)
        self.holdButton.setObjectName(u"holdButton")

        self.callActions.addWidget(self.holdButton, 1, 0, 1, 1)

        self.retrieveButton = QPushButton(self.callsPanel)
        self.retrieveButton.setObjectName(u"retrieveButton")

        self.callActions.addWidget(self.retrieveButton, 1, 1, 1, 1)

        self.muteButton = QPushButton(self.callsPanel)
        self.muteButton.setObjectName(u"muteButton")
        self.muteButton.setCheckable(True)

        self.callActions.addWidget(self.muteButton, 1, 2, 1, 1)

        self.transferButton = QPushButton(self.callsPanel)
        self.transferButton.setObjectName(u"transferButton")

        self.callActions.addWidget(self.transferButton, 2, 0, 1, 1)

        self.consultButton = QPushButton(self.callsPanel)
        self.consultButton.setObjectName(u"consultButton")

        self.callActions.addWidget(self.consultButton, 2, 1, 1, 1)

        self.completeTransferButton = QPushButton(self.callsPanel)
        self.completeTransferButton.setObjectName(u"completeTransferButton")

        self.callActions.addWidget(self.completeTransferButton, 2, 2, 1, 1)

        self.conferenceButton = QPushButton(self.callsPanel)
        self.conferenceButton.setObjectName(u"conferenceButton")

        self.callActions.addWidget(self.conferenceButton, 3, 0, 1, 1)

        self.dtmfButton = QPushButton(self.callsPanel)
        self.dtmfButton.setObjectName(u"dtmfButton")
        self.dtmfButton.setCheckable(True)

        self.callActions.addWidget(self.dtmfButton, 3, 1, 1, 1)

        self.audioDeviceCombo = QComboBox(self.callsPanel)
        self.audioDeviceCombo.setObjectName(u"audioDeviceCombo")

        self.callActions.addWidget(self.audioDeviceCombo, 3, 2, 1, 1)


        self.callsLayout.addLayout(self.callActions)

        self.dtmfPad = QWidget(self.callsPanel)
        self.dtmfPad.setObjectName(u"dtmfPad")
        self.dtmfLayout = QGridLayout(self.dtmfPad)
        self.dtmfLayout.setObjectName(u"dtmfLayout")
        self.dtmfLayout.setContentsMargins(0, 0, 0, 0)

        self.callsLayout.addWidget(self.dtmfPad)

        self.ownExtensionBox = QGroupBox(self.callsPanel)
        self.ownExtensionBox.setObjectName(u"ownExtensionBox")
        self.ownExtensionLayout = QHBoxLayout(self.ownExtensionBox)
        self.ownExtensionLayout.setObjectName(u"ownExtensionLayout")
        self.dndToggle = QCheckBox(self.ownExtensionBox)
        self.dndToggle.setObjectName(u"dndToggle")

        self.ownExtensionLayout.addWidget(self.dndToggle)

        self.forwardToggle = QCheckBox(self.ownExtensionBox)
        self.forwardToggle.setObjectName(u"forwardToggle")

        self.ownExtensionLayout.addWidget(self.forwardToggle)

        self.forwardTarget = QLineEdit(self.ownExtensionBox)
        self.forwardTarget.setObjectName(u"forwardTarget")

        self.ownExtensionLayout.addWidget(self.forwardTarget)


        self.callsLayout.addWidget(self.ownExtensionBox)

        self.mainSplitter.addWidget(self.callsPanel)

        self.centralLayout.addWidget(self.mainSplitter)

        MainWindow.setCentralWidget(self.centralWidget)
        self.menuBar = QMenuBar(MainWindow)
        self.menuBar.setObjectName(u"menuBar")
        self.menuTandem = QMenu(self.menuBar)
        self.menuTandem.setObjectName(u"menuTandem")
        self.menuCall = QMenu(self.menuBar)
        self.menuCall.setObjectName(u"menuCall")
        self.menuHelp = QMenu(self.menuBar)
        self.menuHelp.setObjectName(u"menuHelp")
        MainWindow.setMenuBar(self.menuBar)
        self.statusBar = QStatusBar(MainWindow)
        self.statusBar.setObjectName(u"statusBar")
        MainWindow.setStatusBar(self.statusBar)

        self.menuBar.addAction(self.menuTandem.menuAction())
        self.menuBar.addAction(self.menuCall.menuAction())
        self.menuBar.addAction(self.menuHelp.menuAction())
        self.menuTandem.addAction(self.actionSettings)
        self.menuTandem.addSeparator()
        self.menuTandem.addAction(self.actionQuit)
        self.menuCall.addAction(self.actionAnswer)
        self.menuCall.addAction(self.actionHangUp)
        self.menuCall.addAction(self.actionMute)
        self.menuCall.addAction(self.actionTransfer)
        self.menuCall.addAction(self.actionFocusSearch)
        self.menuHelp.addAction(self.actionAbout)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"Tandem", None))
#if QT_CONFIG(accessibility)
        MainWindow.setAccessibleName(QCoreApplication.translate("MainWindow", u"Tandem main window", None))
#endif // QT_CONFIG(accessibility)
        self.actionSettings.setText(QCoreApplication.translate("MainWindow", u"&Settings\u2026", None))
#if QT_CONFIG(shortcut)
        self.actionSettings.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+,", None))
#endif // QT_CONFIG(shortcut)
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"&Quit", None))
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.actionAnswer.setText(QCoreApplication.translate("MainWindow", u"&Answer", None))
#if QT_CONFIG(shortcut)
        self.actionAnswer.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Return", None))
#endif // QT_CONFIG(shortcut)
        self.actionHangUp.setText(QCoreApplication.translate("MainWindow", u"&Hang up", None))
#if QT_CONFIG(shortcut)
        self.actionHangUp.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+E", None))
#endif // QT_CONFIG(shortcut)
        self.actionMute.setText(QCoreApplication.translate("MainWindow", u"&Mute", None))
#if QT_CONFIG(shortcut)
        self.actionMute.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+M", None))
#endif // QT_CONFIG(shortcut)
        self.actionTransfer.setText(QCoreApplication.translate("MainWindow", u"&Transfer\u2026", None))
#if QT_CONFIG(shortcut)
        self.actionTransfer.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+T", None))
#endif // QT_CONFIG(shortcut)
        self.actionFocusSearch.setText(QCoreApplication.translate("MainWindow", u"&Search or dial", None))
#if QT_CONFIG(shortcut)
        self.actionFocusSearch.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+L", None))
#endif // QT_CONFIG(shortcut)
        self.actionAbout.setText(QCoreApplication.translate("MainWindow", u"&About Tandem", None))
        self.dialField.setPlaceholderText(QCoreApplication.translate("MainWindow", u"Name, number or sip: address", None))
#if QT_CONFIG(accessibility)
        self.dialField.setAccessibleName(QCoreApplication.translate("MainWindow", u"Search or dial", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.dialField.setToolTip(QCoreApplication.translate("MainWindow", u"Type a name or number; Enter calls the first suggestion", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.callWithCombo.setAccessibleName(QCoreApplication.translate("MainWindow", u"Call with", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.callWithCombo.setToolTip(QCoreApplication.translate("MainWindow", u"Place calls on this computer or on your desk phone", None))
#endif // QT_CONFIG(tooltip)
        self.dialButton.setText(QCoreApplication.translate("MainWindow", u"Call", None))
#if QT_CONFIG(accessibility)
        self.dialButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Call", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.mainTabs.setAccessibleName(QCoreApplication.translate("MainWindow", u"Views", None))
#endif // QT_CONFIG(accessibility)
        self.colleaguesFilter.setPlaceholderText(QCoreApplication.translate("MainWindow", u"Filter colleagues", None))
#if QT_CONFIG(accessibility)
        self.colleaguesFilter.setAccessibleName(QCoreApplication.translate("MainWindow", u"Filter colleagues", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.colleaguesView.setAccessibleName(QCoreApplication.translate("MainWindow", u"Colleagues", None))
#endif // QT_CONFIG(accessibility)
        self.mainTabs.setTabText(self.mainTabs.indexOf(self.colleaguesTab), QCoreApplication.translate("MainWindow", u"Colleagues", None))
#if QT_CONFIG(accessibility)
        self.journalKindCombo.setAccessibleName(QCoreApplication.translate("MainWindow", u"Show calls", None))
#endif // QT_CONFIG(accessibility)
        self.journalSearch.setPlaceholderText(QCoreApplication.translate("MainWindow", u"Search number or name", None))
#if QT_CONFIG(accessibility)
        self.journalSearch.setAccessibleName(QCoreApplication.translate("MainWindow", u"Search the journal", None))
#endif // QT_CONFIG(accessibility)
        self.callBackButton.setText(QCoreApplication.translate("MainWindow", u"Call back", None))
#if QT_CONFIG(accessibility)
        self.callBackButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Call back", None))
#endif // QT_CONFIG(accessibility)
        self.exportCsvButton.setText(QCoreApplication.translate("MainWindow", u"Export CSV\u2026", None))
#if QT_CONFIG(accessibility)
        self.exportCsvButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Export the journal as CSV", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.journalView.setAccessibleName(QCoreApplication.translate("MainWindow", u"Call journal", None))
#endif // QT_CONFIG(accessibility)
        self.journalDetails.setText("")
#if QT_CONFIG(accessibility)
        self.journalDetails.setAccessibleName(QCoreApplication.translate("MainWindow", u"Details of the selected call", None))
#endif // QT_CONFIG(accessibility)
        self.mainTabs.setTabText(self.mainTabs.indexOf(self.journalTab), QCoreApplication.translate("MainWindow", u"Journal", None))
        self.callsHeading.setText(QCoreApplication.translate("MainWindow", u"Calls", None))
#if QT_CONFIG(accessibility)
        self.callsView.setAccessibleName(QCoreApplication.translate("MainWindow", u"Active calls", None))
#endif // QT_CONFIG(accessibility)
        self.answerButton.setText(QCoreApplication.translate("MainWindow", u"Answer", None))
#if QT_CONFIG(accessibility)
        self.answerButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Answer", None))
#endif // QT_CONFIG(accessibility)
        self.rejectButton.setText(QCoreApplication.translate("MainWindow", u"Reject", None))
#if QT_CONFIG(accessibility)
        self.rejectButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Reject", None))
#endif // QT_CONFIG(accessibility)
        self.hangUpButton.setText(QCoreApplication.translate("MainWindow", u"Hang up", None))
#if QT_CONFIG(accessibility)
        self.hangUpButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Hang up", None))
#endif // QT_CONFIG(accessibility)
        self.holdButton.setText(QCoreApplication.translate("MainWindow", u"Hold", None))
#if QT_CONFIG(accessibility)
        self.holdButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Hold", None))
#endif // QT_CONFIG(accessibility)
        self.retrieveButton.setText(QCoreApplication.translate("MainWindow", u"Retrieve", None))
#if QT_CONFIG(accessibility)
        self.retrieveButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Retrieve", None))
#endif // QT_CONFIG(accessibility)
        self.muteButton.setText(QCoreApplication.translate("MainWindow", u"Mute", None))
#if QT_CONFIG(accessibility)
        self.muteButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Mute", None))
#endif // QT_CONFIG(accessibility)
        self.transferButton.setText(QCoreApplication.translate("MainWindow", u"Transfer\u2026", None))
#if QT_CONFIG(accessibility)
        self.transferButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Blind transfer", None))
#endif // QT_CONFIG(accessibility)
        self.consultButton.setText(QCoreApplication.translate("MainWindow", u"Consult\u2026", None))
#if QT_CONFIG(accessibility)
        self.consultButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Consult, then transfer", None))
#endif // QT_CONFIG(accessibility)
        self.completeTransferButton.setText(QCoreApplication.translate("MainWindow", u"Complete transfer", None))
#if QT_CONFIG(accessibility)
        self.completeTransferButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Complete the attended transfer", None))
#endif // QT_CONFIG(accessibility)
        self.conferenceButton.setText(QCoreApplication.translate("MainWindow", u"Conference", None))
#if QT_CONFIG(accessibility)
        self.conferenceButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Conference", None))
#endif // QT_CONFIG(accessibility)
        self.dtmfButton.setText(QCoreApplication.translate("MainWindow", u"Keypad", None))
#if QT_CONFIG(accessibility)
        self.dtmfButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Show the keypad", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.audioDeviceCombo.setAccessibleName(QCoreApplication.translate("MainWindow", u"Audio device", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.dtmfPad.setAccessibleName(QCoreApplication.translate("MainWindow", u"Keypad", None))
#endif // QT_CONFIG(accessibility)
        self.ownExtensionBox.setTitle(QCoreApplication.translate("MainWindow", u"My extension", None))
        self.dndToggle.setText(QCoreApplication.translate("MainWindow", u"Do not disturb", None))
#if QT_CONFIG(accessibility)
        self.dndToggle.setAccessibleName(QCoreApplication.translate("MainWindow", u"Do not disturb", None))
#endif // QT_CONFIG(accessibility)
        self.forwardToggle.setText(QCoreApplication.translate("MainWindow", u"Forward to", None))
#if QT_CONFIG(accessibility)
        self.forwardToggle.setAccessibleName(QCoreApplication.translate("MainWindow", u"Forward calls", None))
#endif // QT_CONFIG(accessibility)
        self.forwardTarget.setPlaceholderText(QCoreApplication.translate("MainWindow", u"number", None))
#if QT_CONFIG(accessibility)
        self.forwardTarget.setAccessibleName(QCoreApplication.translate("MainWindow", u"Forward to number", None))
#endif // QT_CONFIG(accessibility)
        self.menuTandem.setTitle(QCoreApplication.translate("MainWindow", u"&Tandem", None))
        self.menuCall.setTitle(QCoreApplication.translate("MainWindow", u"&Call", None))
        self.menuHelp.setTitle(QCoreApplication.translate("MainWindow", u"&Help", None))
    # retranslateUi

