# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QProgressBar, QPushButton, QSizePolicy,
    QSpinBox, QTabWidget, QVBoxLayout, QWidget)

class Ui_SettingsDialog(object):
    def setupUi(self, SettingsDialog):
        if not SettingsDialog.objectName():
            SettingsDialog.setObjectName(u"SettingsDialog")
        SettingsDialog.resize(640, 560)
        self.dialogLayout = QVBoxLayout(SettingsDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.settingsTabs = QTabWidget(SettingsDialog)
        self.settingsTabs.setObjectName(u"settingsTabs")
        self.sipTab = QWidget()
        self.sipTab.setObjectName(u"sipTab")
        self.sipForm = QFormLayout(self.sipTab)
        self.sipForm.setObjectName(u"sipForm")
        self.sipEnabled = QCheckBox(self.sipTab)
        self.sipEnabled.setObjectName(u"sipEnabled")

        self.sipForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.sipEnabled)

        self.sipEnabledError = QLabel(self.sipTab)
        self.sipEnabledError.setObjectName(u"sipEnabledError")
        self.sipEnabledError.setWordWrap(True)
        self.sipEnabledError.setVisible(False)
        self.sipEnabledError.setStyleSheet(u"color: #c62828;")

        self.sipForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.sipEnabledError)

        self.sipRegistrarLabel = QLabel(self.sipTab)
        self.sipRegistrarLabel.setObjectName(u"sipRegistrarLabel")

        self.sipForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.sipRegistrarLabel)

        self.sipRegistrar = QLineEdit(self.sipTab)
        self.sipRegistrar.setObjectName(u"sipRegistrar")

        self.sipForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.sipRegistrar)

        self.sipRegistrarError = QLabel(self.sipTab)
        self.sipRegistrarError.setObjectName(u"sipRegistrarError")
        self.sipRegistrarError.setWordWrap(True)
        self.sipRegistrarError.setVisible(False)
        self.sipRegistrarError.setStyleSheet(u"color: #c62828;")

        self.sipForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.sipRegistrarError)

        self.sipUserLabel = QLabel(self.sipTab)
        self.sipUserLabel.setObjectName(u"sipUserLabel")

        self.sipForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.sipUserLabel)

        self.sipUser = QLineEdit(self.sipTab)
        self.sipUser.setObjectName(u"sipUser")

        self.sipForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.sipUser)

        self.sipUserError = QLabel(self.sipTab)
        self.sipUserError.setObjectName(u"sipUserError")
        self.sipUserError.setWordWrap(True)
        self.sipUserError.setVisible(False)
        self.sipUserError.setStyleSheet(u"color: #c62828;")

        self.sipForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.sipUserError)

        self.sipAuthUserLabel = QLabel(self.sipTab)
        self.sipAuthUserLabel.setObjectName(u"sipAuthUserLabel")

        self.sipForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.sipAuthUserLabel)

        self.sipAuthUser = QLineEdit(self.sipTab)
        self.sipAuthUser.setObjectName(u"sipAuthUser")

        self.sipForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.sipAuthUser)

        self.sipAuthUserError = QLabel(self.sipTab)
        self.sipAuthUserError.setObjectName(u"sipAuthUserError")
        self.sipAuthUserError.setWordWrap(True)
        self.sipAuthUserError.setVisible(False)
        self.sipAuthUserError.setStyleSheet(u"color: #c62828;")

        self.sipForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.sipAuthUserError)

        self.sipPasswordLabel = QLabel(self.sipTab)
        self.sipPasswordLabel.setObjectName(u"sipPasswordLabel")

        self.sipForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.sipPasswordLabel)

        self.sipPassword = QLineEdit(self.sipTab)
        self.sipPassword.setObjectName(u"sipPassword")
        self.sipPassword.setEchoMode(QLineEdit.EchoMode.Password)

        self.sipForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.sipPassword)

        self.sipPasswordError = QLabel(self.sipTab)
        self.sipPasswordError.setObjectName(u"sipPasswordError")
        self.sipPasswordError.setWordWrap(True)
        self.sipPasswordError.setVisible(False)
        self.sipPasswordError.setStyleSheet(u"color: #c62828;")

        self.sipForm.setWidget(9, QFormLayout.ItemRole.FieldRole, self.sipPasswordError)

        self.sipDisplayNameLabel = QLabel(self.sipTab)
        self.sipDisplayNameLabel.setObjectName(u"sipDisplayNameLabel")

        self.sipForm.setWidget(10, QFormLayout.ItemRole.LabelRole, self.sipDisplayNameLabel)

        self.sipDisplayName = QLineEdit(self.sipTab)
        self.sipDisplayName.setObjectName(u"sipDisplayName")

        self.sipForm.setWidget(10, QFormLayout.ItemRole.FieldRole, self.sipDisplayName)

        self.sipDisplayNameError = QLabel(self.sipTab)
        self.sipDisplayNameError.setObjectName(u"sipDisplayNameError")
        self.sipDisplayNameError.setWordWrap(True)
        self.sipDisplayNameError.setVisible(False)
        self.sipDisplayNameError.setStyleSheet(u"color: #c62828;")

        self.sipForm.setWidget(11, QFormLayout.ItemRole.FieldRole, self.sipDisplayNameError)

        self.sipTransportLabel = QLabel(self.sipTab)
        self.sipTransportLabel.setObjectName(u"sipTransportLabel")

        self.sipForm.setWidget(12, QFormLayout.ItemRole.LabelRole, self.sipTransportLabel)

        self.sipTransport = QComboBox(self.sipTab)
        self.sipTransport.setObjectName(u"sipTransport")

        self.sipForm.setWidget(12, QFormLayout.ItemRole.FieldRole, self.sipTransport)

        self.sipTransportError = QLabel(self.sipTab)
        self.sipTransportError.setObjectName(u"sipTransportError")
        self.sipTransportError.setWordWrap(True)
        self.sipTransportError.setVisible(False)
        self.sipTransportError.setStyleSheet(u"color: #c62828;")

        self.sipForm.setWidget(13, QFormLayout.ItemRole.FieldRole, self.sipTransportError)

        self.sipSrtpLabel = QLabel(self.sipTab)
        self.sipSrtpLabel.setObjectName(u"sipSrtpLabel")

        self.sipForm.setWidget(14, QFormLayout.ItemRole.LabelRole, self.sipSrtpLabel)

        self.sipSrtp = QComboBox(self.sipTab)
        self.sipSrtp.setObjectName(u"sipSrtp")

        self.sipForm.setWidget(14, QFormLayout.ItemRole.FieldRole, self.sipSrtp)

        self.sipSrtpError = QLabel(self.sipTab)
        self.sipSrtpError.setObjectName(u"sipSrtpError")
        self.sipSrtpError.setWordWrap(True)
        self.sipSrtpError.setVisible(False)
        self.sipSrtpError.setStyleSheet(u"color: #c62828;")

        self.sipForm.setWidget(15, QFormLayout.ItemRole.FieldRole, self.sipSrtpError)

        self.sipOutboundProxyLabel = QLabel(self.sipTab)
        self.sipOutboundProxyLabel.setObjectName(u"sipOutboundProxyLabel")

        self.sipForm.setWidget(16, QFormLayout.ItemRole.LabelRole, self.sipOutboundProxyLabel)

        self.sipOutboundProxy = QLineEdit(self.sipTab)
        self.sipOutboundProxy.setObjectName(u"sipOutboundProxy")

        self.sipForm.setWidget(16, QFormLayout.ItemRole.FieldRole, self.sipOutboundProxy)

        self.sipOutboundProxyError = QLabel(self.sipTab)
        self.sipOutboundProxyError.setObjectName(u"sipOutboundProxyError")
        self.sipOutboundProxyError.setWordWrap(True)
        self.sipOutboundProxyError.setVisible(False)
        self.sipOutboundProxyError.setStyleSheet(u"color: #c62828;")

        self.sipForm.setWidget(17, QFormLayout.ItemRole.FieldRole, self.sipOutboundProxyError)

        self.sipStunServerLabel = QLabel(self.sipTab)
        self.sipStunServerLabel.setObjectName(u"sipStunServerLabel")

        self.sipForm.setWidget(18, QFormLayout.ItemRole.LabelRole, self.sipStunServerLabel)

        self.sipStunServer = QLineEdit(self.sipTab)
        self.sipStunServer.setObjectName(u"sipStunServer")

        self.sipForm.setWidget(18, QFormLayout.ItemRole.FieldRole, self.sipStunServer)

        self.sipStunServerError = QLabel(self.sipTab)
        self.sipStunServerError.setObjectName(u"sipStunServerError")
        self.sipStunServerError.setWordWrap(True)
        self.sipStunServerError.setVisible(False)
        self.sipStunServerError.setStyleSheet(u"color: #c62828;")

        self.sipForm.setWidget(19, QFormLayout.ItemRole.FieldRole, self.sipStunServerError)

        self.sipTlsPinLabel = QLabel(self.sipTab)
        self.sipTlsPinLabel.setObjectName(u"sipTlsPinLabel")

        self.sipForm.setWidget(20, QFormLayout.ItemRole.LabelRole, self.sipTlsPinLabel)

        self.sipTlsPin = QLineEdit(self.sipTab)
        self.sipTlsPin.setObjectName(u"sipTlsPin")

        self.sipForm.setWidget(20, QFormLayout.ItemRole.FieldRole, self.sipTlsPin)

        self.sipTlsPinError = QLabel(self.sipTab)
        self.sipTlsPinError.setObjectName(u"sipTlsPinError")
        self.sipTlsPinError.setWordWrap(True)
        self.sipTlsPinError.setVisible(False)
        self.sipTlsPinError.setStyleSheet(u"color: #c62828;")

        self.sipForm.setWidget(21, QFormLayout.ItemRole.FieldRole, self.sipTlsPinError)

        self.sipTestButton = QPushButton(self.sipTab)
        self.sipTestButton.setObjectName(u"sipTestButton")

        self.sipForm.setWidget(22, QFormLayout.ItemRole.FieldRole, self.sipTestButton)

        self.sipTestResult = QLabel(self.sipTab)
        self.sipTestResult.setObjectName(u"sipTestResult")
        self.sipTestResult.setWordWrap(True)

        self.sipForm.setWidget(23, QFormLayout.ItemRole.FieldRole, self.sipTestResult)

        self.settingsTabs.addTab(self.sipTab, "")
        self.cstaTab = QWidget()
        self.cstaTab.setObjectName(u"cstaTab")
        self.cstaForm = QFormLayout(self.cstaTab)
        self.cstaForm.setObjectName(u"cstaForm")
        self.cstaEnabled = QCheckBox(self.cstaTab)
        self.cstaEnabled.setObjectName(u"cstaEnabled")

        self.cstaForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.cstaEnabled)

        self.cstaEnabledError = QLabel(self.cstaTab)
        self.cstaEnabledError.setObjectName(u"cstaEnabledError")
        self.cstaEnabledError.setWordWrap(True)
        self.cstaEnabledError.setVisible(False)
        self.cstaEnabledError.setStyleSheet(u"color: #c62828;")

        self.cstaForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.cstaEnabledError)

        self.cstaHostLabel = QLabel(self.cstaTab)
        self.cstaHostLabel.setObjectName(u"cstaHostLabel")

        self.cstaForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.cstaHostLabel)

        self.cstaHost = QLineEdit(self.cstaTab)
        self.cstaHost.setObjectName(u"cstaHost")

        self.cstaForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.cstaHost)

        self.cstaHostError = QLabel(self.cstaTab)
        self.cstaHostError.setObjectName(u"cstaHostError")
        self.cstaHostError.setWordWrap(True)
        self.cstaHostError.setVisible(False)
        self.cstaHostError.setStyleSheet(u"color: #c62828;")

        self.cstaForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.cstaHostError)

        self.cstaPortLabel = QLabel(self.cstaTab)
        self.cstaPortLabel.setObjectName(u"cstaPortLabel")

        self.cstaForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.cstaPortLabel)

        self.cstaPort = QSpinBox(self.cstaTab)
        self.cstaPort.setObjectName(u"cstaPort")
        self.cstaPort.setMinimum(1)
        self.cstaPort.setMaximum(65535)

        self.cstaForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.cstaPort)

        self.cstaPortError = QLabel(self.cstaTab)
        self.cstaPortError.setObjectName(u"cstaPortError")
        self.cstaPortError.setWordWrap(True)
        self.cstaPortError.setVisible(False)
        self.cstaPortError.setStyleSheet(u"color: #c62828;")

        self.cstaForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.cstaPortError)

        self.cstaFramingLabel = QLabel(self.cstaTab)
        self.cstaFramingLabel.setObjectName(u"cstaFramingLabel")

        self.cstaForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.cstaFramingLabel)

        self.cstaFraming = QComboBox(self.cstaTab)
        self.cstaFraming.setObjectName(u"cstaFraming")

        self.cstaForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.cstaFraming)

        self.cstaFramingError = QLabel(self.cstaTab)
        self.cstaFramingError.setObjectName(u"cstaFramingError")
        self.cstaFramingError.setWordWrap(True)
        self.cstaFramingError.setVisible(False)
        self.cstaFramingError.setStyleSheet(u"color: #c62828;")

        self.cstaForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.cstaFramingError)

        self.cstaLoginLabel = QLabel(self.cstaTab)
        self.cstaLoginLabel.setObjectName(u"cstaLoginLabel")

        self.cstaForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.cstaLoginLabel)

        self.cstaLogin = QLineEdit(self.cstaTab)
        self.cstaLogin.setObjectName(u"cstaLogin")

        self.cstaForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.cstaLogin)

        self.cstaLoginError = QLabel(self.cstaTab)
        self.cstaLoginError.setObjectName(u"cstaLoginError")
        self.cstaLoginError.setWordWrap(True)
        self.cstaLoginError.setVisible(False)
        self.cstaLoginError.setStyleSheet(u"color: #c62828;")

        self.cstaForm.setWidget(9, QFormLayout.ItemRole.FieldRole, self.cstaLoginError)

        self.cstaPasswordLabel = QLabel(self.cstaTab)
        self.cstaPasswordLabel.setObjectName(u"cstaPasswordLabel")

        self.cstaForm.setWidget(10, QFormLayout.ItemRole.LabelRole, self.cstaPasswordLabel)

        self.cstaPassword = QLineEdit(self.cstaTab)
        self.cstaPassword.setObjectName(u"cstaPassword")
        self.cstaPassword.setEchoMode(QLineEdit.EchoMode.Password)

        self.cstaForm.setWidget(10, QFormLayout.ItemRole.FieldRole, self.cstaPassword)

        self.cstaPasswordError = QLabel(self.cstaTab)
        self.cstaPasswordError.setObjectName(u"cstaPasswordError")
        self.cstaPasswordError.setWordWrap(True)
        self.cstaPasswordError.setVisible(False)
        self.cstaPasswordError.setStyleSheet(u"color: #c62828;")

        self.cstaForm.setWidget(11, QFormLayout.ItemRole.FieldRole, self.cstaPasswordError)

        self.cstaOwnExtensionLabel = QLabel(self.cstaTab)
        self.cstaOwnExtensionLabel.setObjectName(u"cstaOwnExtensionLabel")

        self.cstaForm.setWidget(12, QFormLayout.ItemRole.LabelRole, self.cstaOwnExtensionLabel)

        self.cstaOwnExtension = QLineEdit(self.cstaTab)
        self.cstaOwnExtension.setObjectName(u"cstaOwnExtension")

        self.cstaForm.setWidget(12, QFormLayout.ItemRole.FieldRole, self.cstaOwnExtension)

        self.cstaOwnExtensionError = QLabel(self.cstaTab)
        self.cstaOwnExtensionError.setObjectName(u"cstaOwnExtensionError")
        self.cstaOwnExtensionError.setWordWrap(True)
        self.cstaOwnExtensionError.setVisible(False)
        self.cstaOwnExtensionError.setStyleSheet(u"color: #c62828;")

        self.cstaForm.setWidget(13, QFormLayout.ItemRole.FieldRole, self.cstaOwnExtensionError)

        self.cstaMonitoredLabel = QLabel(self.cstaTab)
        self.cstaMonitoredLabel.setObjectName(u"cstaMonitoredLabel")

        self.cstaForm.setWidget(14, QFormLayout.ItemRole.LabelRole, self.cstaMonitoredLabel)

        self.cstaMonitored = QLineEdit(self.cstaTab)
        self.cstaMonitored.setObjectName(u"cstaMonitored")

        self.cstaForm.setWidget(14, QFormLayout.ItemRole.FieldRole, self.cstaMonitored)

        self.cstaMonitoredError = QLabel(self.cstaTab)
        self.cstaMonitoredError.setObjectName(u"cstaMonitoredError")
        self.cstaMonitoredError.setWordWrap(True)
        self.cstaMonitoredError.setVisible(False)
        self.cstaMonitoredError.setStyleSheet(u"color: #c62828;")

        self.cstaForm.setWidget(15, QFormLayout.ItemRole.FieldRole, self.cstaMonitoredError)

        self.cstaTestButton = QPushButton(self.cstaTab)
        self.cstaTestButton.setObjectName(u"cstaTestButton")

        self.cstaForm.setWidget(16, QFormLayout.ItemRole.FieldRole, self.cstaTestButton)

        self.cstaTestResult = QLabel(self.cstaTab)
        self.cstaTestResult.setObjectName(u"cstaTestResult")
        self.cstaTestResult.setWordWrap(True)

        self.cstaForm.setWidget(17, QFormLayout.ItemRole.FieldRole, self.cstaTestResult)

        self.settingsTabs.addTab(self.cstaTab, "")
        self.journalTab = QWidget()
        self.journalTab.setObjectName(u"journalTab")
        self.journalForm = QFormLayout(self.journalTab)
        self.journalForm.setObjectName(u"journalForm")
        self.journalBackendLabel = QLabel(self.journalTab)
        self.journalBackendLabel.setObjectName(u"journalBackendLabel")

        self.journalForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.journalBackendLabel)

        self.journalBackend = QComboBox(self.journalTab)
        self.journalBackend.setObjectName(u"journalBackend")

        self.journalForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.journalBackend)

        self.journalBackendError = QLabel(self.journalTab)
        self.journalBackendError.setObjectName(u"journalBackendError")
        self.journalBackendError.setWordWrap(True)
        self.journalBackendError.setVisible(False)
        self.journalBackendError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.journalBackendError)

        self.journalSqlitePathLabel = QLabel(self.journalTab)
        self.journalSqlitePathLabel.setObjectName(u"journalSqlitePathLabel")

        self.journalForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.journalSqlitePathLabel)

        self.journalSqlitePath = QLineEdit(self.journalTab)
        self.journalSqlitePath.setObjectName(u"journalSqlitePath")

        self.journalForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.journalSqlitePath)

        self.journalSqlitePathError = QLabel(self.journalTab)
        self.journalSqlitePathError.setObjectName(u"journalSqlitePathError")
        self.journalSqlitePathError.setWordWrap(True)
        self.journalSqlitePathError.setVisible(False)
        self.journalSqlitePathError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.journalSqlitePathError)

        self.journalPostgresDsnLabel = QLabel(self.journalTab)
        self.journalPostgresDsnLabel.setObjectName(u"journalPostgresDsnLabel")

        self.journalForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.journalPostgresDsnLabel)

        self.journalPostgresDsn = QLineEdit(self.journalTab)
        self.journalPostgresDsn.setObjectName(u"journalPostgresDsn")

        self.journalForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.journalPostgresDsn)

        self.journalPostgresDsnError = QLabel(self.journalTab)
        self.journalPostgresDsnError.setObjectName(u"journalPostgresDsnError")
        self.journalPostgresDsnError.setWordWrap(True)
        self.journalPostgresDsnError.setVisible(False)
        self.journalPostgresDsnError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.journalPostgresDsnError)

        self.journalPostgresPasswordLabel = QLabel(self.journalTab)
        self.journalPostgresPasswordLabel.setObjectName(u"journalPostgresPasswordLabel")

        self.journalForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.journalPostgresPasswordLabel)

        self.journalPostgresPassword = QLineEdit(self.journalTab)
        self.journalPostgresPassword.setObjectName(u"journalPostgresPassword")
        self.journalPostgresPassword.setEchoMode(QLineEdit.EchoMode.Password)

        self.journalForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.journalPostgresPassword)

        self.journalPostgresPasswordError = QLabel(self.journalTab)
        self.journalPostgresPasswordError.setObjectName(u"journalPostgresPasswordError")
        self.journalPostgresPasswordError.setWordWrap(True)
        self.journalPostgresPasswordError.setVisible(False)
        self.journalPostgresPasswordError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.journalPostgresPasswordError)

        self.journalTimezoneLabel = QLabel(self.journalTab)
        self.journalTimezoneLabel.setObjectName(u"journalTimezoneLabel")

        self.journalForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.journalTimezoneLabel)

        self.journalTimezone = QLineEdit(self.journalTab)
        self.journalTimezone.setObjectName(u"journalTimezone")

        self.journalForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.journalTimezone)

        self.journalTimezoneError = QLabel(self.journalTab)
        self.journalTimezoneError.setObjectName(u"journalTimezoneError")
        self.journalTimezoneError.setWordWrap(True)
        self.journalTimezoneError.setVisible(False)
        self.journalTimezoneError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(9, QFormLayout.ItemRole.FieldRole, self.journalTimezoneError)

        self.cdrEnabled = QCheckBox(self.journalTab)
        self.cdrEnabled.setObjectName(u"cdrEnabled")

        self.journalForm.setWidget(10, QFormLayout.ItemRole.FieldRole, self.cdrEnabled)

        self.cdrEnabledError = QLabel(self.journalTab)
        self.cdrEnabledError.setObjectName(u"cdrEnabledError")
        self.cdrEnabledError.setWordWrap(True)
        self.cdrEnabledError.setVisible(False)
        self.cdrEnabledError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(11, QFormLayout.ItemRole.FieldRole, self.cdrEnabledError)

        self.cdrHostLabel = QLabel(self.journalTab)
        self.cdrHostLabel.setObjectName(u"cdrHostLabel")

        self.journalForm.setWidget(12, QFormLayout.ItemRole.LabelRole, self.cdrHostLabel)

        self.cdrHost = QLineEdit(self.journalTab)
        self.cdrHost.setObjectName(u"cdrHost")

        self.journalForm.setWidget(12, QFormLayout.ItemRole.FieldRole, self.cdrHost)

        self.cdrHostError = QLabel(self.journalTab)
        self.cdrHostError.setObjectName(u"cdrHostError")
        self.cdrHostError.setWordWrap(True)
        self.cdrHostError.setVisible(False)
        self.cdrHostError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(13, QFormLayout.ItemRole.FieldRole, self.cdrHostError)

        self.cdrUserLabel = QLabel(self.journalTab)
        self.cdrUserLabel.setObjectName(u"cdrUserLabel")

        self.journalForm.setWidget(14, QFormLayout.ItemRole.LabelRole, self.cdrUserLabel)

        self.cdrUser = QLineEdit(self.journalTab)
        self.cdrUser.setObjectName(u"cdrUser")

        self.journalForm.setWidget(14, QFormLayout.ItemRole.FieldRole, self.cdrUser)

        self.cdrUserError = QLabel(self.journalTab)
        self.cdrUserError.setObjectName(u"cdrUserError")
        self.cdrUserError.setWordWrap(True)
        self.cdrUserError.setVisible(False)
        self.cdrUserError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(15, QFormLayout.ItemRole.FieldRole, self.cdrUserError)

        self.cdrPasswordLabel = QLabel(self.journalTab)
        self.cdrPasswordLabel.setObjectName(u"cdrPasswordLabel")

        self.journalForm.setWidget(16, QFormLayout.ItemRole.LabelRole, self.cdrPasswordLabel)

        self.cdrPassword = QLineEdit(self.journalTab)
        self.cdrPassword.setObjectName(u"cdrPassword")
        self.cdrPassword.setEchoMode(QLineEdit.EchoMode.Password)

        self.journalForm.setWidget(16, QFormLayout.ItemRole.FieldRole, self.cdrPassword)

        self.cdrPasswordError = QLabel(self.journalTab)
        self.cdrPasswordError.setObjectName(u"cdrPasswordError")
        self.cdrPasswordError.setWordWrap(True)
        self.cdrPasswordError.setVisible(False)
        self.cdrPasswordError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(17, QFormLayout.ItemRole.FieldRole, self.cdrPasswordError)

        self.cdrTlsPinLabel = QLabel(self.journalTab)
        self.cdrTlsPinLabel.setObjectName(u"cdrTlsPinLabel")

        self.journalForm.setWidget(18, QFormLayout.ItemRole.LabelRole, self.cdrTlsPinLabel)

        self.cdrTlsPin = QLineEdit(self.journalTab)
        self.cdrTlsPin.setObjectName(u"cdrTlsPin")

        self.journalForm.setWidget(18, QFormLayout.ItemRole.FieldRole, self.cdrTlsPin)

        self.cdrTlsPinError = QLabel(self.journalTab)
        self.cdrTlsPinError.setObjectName(u"cdrTlsPinError")
        self.cdrTlsPinError.setWordWrap(True)
        self.cdrTlsPinError.setVisible(False)
        self.cdrTlsPinError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(19, QFormLayout.ItemRole.FieldRole, self.cdrTlsPinError)

        self.wsiEnabled = QCheckBox(self.journalTab)
        self.wsiEnabled.setObjectName(u"wsiEnabled")

        self.journalForm.setWidget(20, QFormLayout.ItemRole.FieldRole, self.wsiEnabled)

        self.wsiEnabledError = QLabel(self.journalTab)
        self.wsiEnabledError.setObjectName(u"wsiEnabledError")
        self.wsiEnabledError.setWordWrap(True)
        self.wsiEnabledError.setVisible(False)
        self.wsiEnabledError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(21, QFormLayout.ItemRole.FieldRole, self.wsiEnabledError)

        self.wsiHostLabel = QLabel(self.journalTab)
        self.wsiHostLabel.setObjectName(u"wsiHostLabel")

        self.journalForm.setWidget(22, QFormLayout.ItemRole.LabelRole, self.wsiHostLabel)

        self.wsiHost = QLineEdit(self.journalTab)
        self.wsiHost.setObjectName(u"wsiHost")

        self.journalForm.setWidget(22, QFormLayout.ItemRole.FieldRole, self.wsiHost)

        self.wsiHostError = QLabel(self.journalTab)
        self.wsiHostError.setObjectName(u"wsiHostError")
        self.wsiHostError.setWordWrap(True)
        self.wsiHostError.setVisible(False)
        self.wsiHostError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(23, QFormLayout.ItemRole.FieldRole, self.wsiHostError)

        self.wsiPortLabel = QLabel(self.journalTab)
        self.wsiPortLabel.setObjectName(u"wsiPortLabel")

        self.journalForm.setWidget(24, QFormLayout.ItemRole.LabelRole, self.wsiPortLabel)

        self.wsiPort = QSpinBox(self.journalTab)
        self.wsiPort.setObjectName(u"wsiPort")
        self.wsiPort.setMinimum(1)
        self.wsiPort.setMaximum(65535)

        self.journalForm.setWidget(24, QFormLayout.ItemRole.FieldRole, self.wsiPort)

        self.wsiPortError = QLabel(self.journalTab)
        self.wsiPortError.setObjectName(u"wsiPortError")
        self.wsiPortError.setWordWrap(True)
        self.wsiPortError.setVisible(False)
        self.wsiPortError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(25, QFormLayout.ItemRole.FieldRole, self.wsiPortError)

        self.wsiHttps = QCheckBox(self.journalTab)
        self.wsiHttps.setObjectName(u"wsiHttps")

        self.journalForm.setWidget(26, QFormLayout.ItemRole.FieldRole, self.wsiHttps)

        self.wsiHttpsError = QLabel(self.journalTab)
        self.wsiHttpsError.setObjectName(u"wsiHttpsError")
        self.wsiHttpsError.setWordWrap(True)
        self.wsiHttpsError.setVisible(False)
        self.wsiHttpsError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(27, QFormLayout.ItemRole.FieldRole, self.wsiHttpsError)

        self.wsiUserLabel = QLabel(self.journalTab)
        self.wsiUserLabel.setObjectName(u"wsiUserLabel")

        self.journalForm.setWidget(28, QFormLayout.ItemRole.LabelRole, self.wsiUserLabel)

        self.wsiUser = QLineEdit(self.journalTab)
        self.wsiUser.setObjectName(u"wsiUser")

        self.journalForm.setWidget(28, QFormLayout.ItemRole.FieldRole, self.wsiUser)

        self.wsiUserError = QLabel(self.journalTab)
        self.wsiUserError.setObjectName(u"wsiUserError")
        self.wsiUserError.setWordWrap(True)
        self.wsiUserError.setVisible(False)
        self.wsiUserError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(29, QFormLayout.ItemRole.FieldRole, self.wsiUserError)

        self.wsiPasswordLabel = QLabel(self.journalTab)
        self.wsiPasswordLabel.setObjectName(u"wsiPasswordLabel")

        self.journalForm.setWidget(30, QFormLayout.ItemRole.LabelRole, self.wsiPasswordLabel)

        self.wsiPassword = QLineEdit(self.journalTab)
        self.wsiPassword.setObjectName(u"wsiPassword")
        self.wsiPassword.setEchoMode(QLineEdit.EchoMode.Password)

        self.journalForm.setWidget(30, QFormLayout.ItemRole.FieldRole, self.wsiPassword)

        self.wsiPasswordError = QLabel(self.journalTab)
        self.wsiPasswordError.setObjectName(u"wsiPasswordError")
        self.wsiPasswordError.setWordWrap(True)
        self.wsiPasswordError.setVisible(False)
        self.wsiPasswordError.setStyleSheet(u"color: #c62828;")

        self.journalForm.setWidget(31, QFormLayout.ItemRole.FieldRole, self.wsiPasswordError)

        self.journalTestButton = QPushButton(self.journalTab)
        self.journalTestButton.setObjectName(u"journalTestButton")

        self.journalForm.setWidget(32, QFormLayout.ItemRole.FieldRole, self.journalTestButton)

        self.journalTestResult = QLabel(self.journalTab)
        self.journalTestResult.setObjectName(u"journalTestResult")
        self.journalTestResult.setWordWrap(True)

        self.journalForm.setWidget(33, QFormLayout.ItemRole.FieldRole, self.journalTestResult)

        self.settingsTabs.addTab(self.journalTab, "")
        self.audioTab = QWidget()
        self.audioTab.setObjectName(u"audioTab")
        self.audioForm = QFormLayout(self.audioTab)
        self.audioForm.setObjectName(u"audioForm")
        self.audioCaptureLabel = QLabel(self.audioTab)
        self.audioCaptureLabel.setObjectName(u"audioCaptureLabel")

        self.audioForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.audioCaptureLabel)

        self.audioCapture = QComboBox(self.audioTab)
        self.audioCapture.setObjectName(u"audioCapture")

        self.audioForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.audioCapture)

        self.audioCaptureError = QLabel(self.audioTab)
        self.audioCaptureError.setObjectName(u"audioCaptureError")
        self.audioCaptureError.setWordWrap(True)
        self.audioCaptureError.setVisible(False)
        self.audioCaptureError.setStyleSheet(u"color: #c62828;")

        self.audioForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.audioCaptureError)

        self.audioPlaybackLabel = QLabel(self.audioTab)
        self.audioPlaybackLabel.setObjectName(u"audioPlaybackLabel")

        self.audioForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.audioPlaybackLabel)

        self.audioPlayback = QComboBox(self.audioTab)
        self.audioPlayback.setObjectName(u"audioPlayback")

        self.audioForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.audioPlayback)

        self.audioPlaybackError = QLabel(self.audioTab)
        self.audioPlaybackError.setObjectName(u"audioPlaybackError")
        self.audioPlaybackError.setWordWrap(True)
        self.audioPlaybackError.setVisible(False)
        self.audioPlaybackError.setStyleSheet(u"color: #c62828;")

        self.audioForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.audioPlaybackError)

        self.audioRingerLabel = QLabel(self.audioTab)
        self.audioRingerLabel.setObjectName(u"audioRingerLabel")

        self.audioForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.audioRingerLabel)

        self.audioRinger = QComboBox(self.audioTab)
        self.audioRinger.setObjectName(u"audioRinger")

        self.audioForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.audioRinger)

        self.audioRingerError = QLabel(self.audioTab)
        self.audioRingerError.setObjectName(u"audioRingerError")
        self.audioRingerError.setWordWrap(True)
        self.audioRingerError.setVisible(False)
        self.audioRingerError.setStyleSheet(u"color: #c62828;")

        self.audioForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.audioRingerError)

        self.micLevelLabel = QLabel(self.audioTab)
        self.micLevelLabel.setObjectName(u"micLevelLabel")

        self.audioForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.micLevelLabel)

        self.micLevel = QProgressBar(self.audioTab)
        self.micLevel.setObjectName(u"micLevel")
        self.micLevel.setMaximum(100)
        self.micLevel.setValue(0)
        self.micLevel.setTextVisible(False)

        self.audioForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.micLevel)

        self.audioTestToneButton = QPushButton(self.audioTab)
        self.audioTestToneButton.setObjectName(u"audioTestToneButton")

        self.audioForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.audioTestToneButton)

        self.audioTestToneResult = QLabel(self.audioTab)
        self.audioTestToneResult.setObjectName(u"audioTestToneResult")
        self.audioTestToneResult.setWordWrap(True)

        self.audioForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.audioTestToneResult)

        self.settingsTabs.addTab(self.audioTab, "")
        self.appearanceTab = QWidget()
        self.appearanceTab.setObjectName(u"appearanceTab")
        self.appearanceForm = QFormLayout(self.appearanceTab)
        self.appearanceForm.setObjectName(u"appearanceForm")
        self.uiThemeLabel = QLabel(self.appearanceTab)
        self.uiThemeLabel.setObjectName(u"uiThemeLabel")

        self.appearanceForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.uiThemeLabel)

        self.uiTheme = QComboBox(self.appearanceTab)
        self.uiTheme.setObjectName(u"uiTheme")

        self.appearanceForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.uiTheme)

        self.uiThemeError = QLabel(self.appearanceTab)
        self.uiThemeError.setObjectName(u"uiThemeError")
        self.uiThemeError.setWordWrap(True)
        self.uiThemeError.setVisible(False)
        self.uiThemeError.setStyleSheet(u"color: #c62828;")

        self.appearanceForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.uiThemeError)

        self.uiLanguageLabel = QLabel(self.appearanceTab)
        self.uiLanguageLabel.setObjectName(u"uiLanguageLabel")

        self.appearanceForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.uiLanguageLabel)

        self.uiLanguage = QComboBox(self.appearanceTab)
        self.uiLanguage.setObjectName(u"uiLanguage")

        self.appearanceForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.uiLanguage)

        self.uiLanguageError = QLabel(self.appearanceTab)
        self.uiLanguageError.setObjectName(u"uiLanguageError")
        self.uiLanguageError.setWordWrap(True)
        self.uiLanguageError.setVisible(False)
        self.uiLanguageError.setStyleSheet(u"color: #c62828;")

        self.appearanceForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.uiLanguageError)

        self.uiStartMinimised = QCheckBox(self.appearanceTab)
        self.uiStartMinimised.setObjectName(u"uiStartMinimised")

        self.appearanceForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.uiStartMinimised)

        self.uiStartMinimisedError = QLabel(self.appearanceTab)
        self.uiStartMinimisedError.setObjectName(u"uiStartMinimisedError")
        self.uiStartMinimisedError.setWordWrap(True)
        self.uiStartMinimisedError.setVisible(False)
        self.uiStartMinimisedError.setStyleSheet(u"color: #c62828;")

        self.appearanceForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.uiStartMinimisedError)

        self.uiCloseToTray = QCheckBox(self.appearanceTab)
        self.uiCloseToTray.setObjectName(u"uiCloseToTray")

        self.appearanceForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.uiCloseToTray)

        self.uiCloseToTrayError = QLabel(self.appearanceTab)
        self.uiCloseToTrayError.setObjectName(u"uiCloseToTrayError")
        self.uiCloseToTrayError.setWordWrap(True)
        self.uiCloseToTrayError.setVisible(False)
        self.uiCloseToTrayError.setStyleSheet(u"color: #c62828;")

        self.appearanceForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.uiCloseToTrayError)

        self.settingsTabs.addTab(self.appearanceTab, "")

        self.dialogLayout.addWidget(self.settingsTabs)

        self.passwordNotice = QLabel(SettingsDialog)
        self.passwordNotice.setObjectName(u"passwordNotice")
        self.passwordNotice.setWordWrap(True)
        self.passwordNotice.setVisible(False)

        self.dialogLayout.addWidget(self.passwordNotice)

        self.buttonBox = QDialogButtonBox(SettingsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.dialogLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.sipRegistrarLabel.setBuddy(self.sipRegistrar)
        self.sipUserLabel.setBuddy(self.sipUser)
        self.sipAuthUserLabel.setBuddy(self.sipAuthUser)
        self.sipPasswordLabel.setBuddy(self.sipPassword)
        self.sipDisplayNameLabel.setBuddy(self.sipDisplayName)
        self.sipTransportLabel.setBuddy(self.sipTransport)
        self.sipSrtpLabel.setBuddy(self.sipSrtp)
        self.sipOutboundProxyLabel.setBuddy(self.sipOutboundProxy)
        self.sipStunServerLabel.setBuddy(self.sipStunServer)
        self.sipTlsPinLabel.setBuddy(self.sipTlsPin)
        self.cstaHostLabel.setBuddy(self.cstaHost)
        self.cstaPortLabel.setBuddy(self.cstaPort)
        self.cstaFramingLabel.setBuddy(self.cstaFraming)
        self.cstaLoginLabel.setBuddy(self.cstaLogin)
        self.cstaPasswordLabel.setBuddy(self.cstaPassword)
        self.cstaOwnExtensionLabel.setBuddy(self.cstaOwnExtension)
        self.cstaMonitoredLabel.setBuddy(self.cstaMonitored)
        self.journalBackendLabel.setBuddy(self.journalBackend)
        self.journalSqlitePathLabel.setBuddy(self.journalSqlitePath)
        self.journalPostgresDsnLabel.setBuddy(self.journalPostgresDsn)
        self.journalPostgresPasswordLabel.setBuddy(self.journalPostgresPassword)
        self.journalTimezoneLabel.setBuddy(self.journalTimezone)
        self.cdrHostLabel.setBuddy(self.cdrHost)
        self.cdrUserLabel.setBuddy(self.cdrUser)
        self.cdrPasswordLabel.setBuddy(self.cdrPassword)
        self.cdrTlsPinLabel.setBuddy(self.cdrTlsPin)
        self.wsiHostLabel.setBuddy(self.wsiHost)
        self.wsiPortLabel.setBuddy(self.wsiPort)
        self.wsiUserLabel.setBuddy(self.wsiUser)
        self.wsiPasswordLabel.setBuddy(self.wsiPassword)
        self.audioCaptureLabel.setBuddy(self.audioCapture)
        self.audioPlaybackLabel.setBuddy(self.audioPlayback)
        self.audioRingerLabel.setBuddy(self.audioRinger)
        self.micLevelLabel.setBuddy(self.micLevel)
        self.uiThemeLabel.setBuddy(self.uiTheme)
        self.uiLanguageLabel.setBuddy(self.uiLanguage)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(SettingsDialog)

        QMetaObject.connectSlotsByName(SettingsDialog)
    # setupUi

    def retranslateUi(self, SettingsDialog):
        SettingsDialog.setWindowTitle(QCoreApplication.translate("SettingsDialog", u"Tandem settings", None))
#if QT_CONFIG(accessibility)
        SettingsDialog.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Settings", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.settingsTabs.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Settings sections", None))
#endif // QT_CONFIG(accessibility)
        self.sipEnabled.setText(QCoreApplication.translate("SettingsDialog", u"Use this computer as a phone (SIP)", None))
#if QT_CONFIG(accessibility)
        self.sipEnabled.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Use this computer as a phone (SIP)", None))
#endif // QT_CONFIG(accessibility)
        self.sipEnabledError.setText("")
#if QT_CONFIG(accessibility)
        self.sipEnabledError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Use this computer as a phone (SIP): problem", None))
#endif // QT_CONFIG(accessibility)
        self.sipRegistrarLabel.setText(QCoreApplication.translate("SettingsDialog", u"Registrar (host or host:port)", None))
#if QT_CONFIG(accessibility)
        self.sipRegistrar.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Registrar (host or host:port)", None))
#endif // QT_CONFIG(accessibility)
        self.sipRegistrarError.setText("")
#if QT_CONFIG(accessibility)
        self.sipRegistrarError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Registrar (host or host:port): problem", None))
#endif // QT_CONFIG(accessibility)
        self.sipUserLabel.setText(QCoreApplication.translate("SettingsDialog", u"Extension / SIP user", None))
#if QT_CONFIG(accessibility)
        self.sipUser.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Extension / SIP user", None))
#endif // QT_CONFIG(accessibility)
        self.sipUserError.setText("")
#if QT_CONFIG(accessibility)
        self.sipUserError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Extension / SIP user: problem", None))
#endif // QT_CONFIG(accessibility)
        self.sipAuthUserLabel.setText(QCoreApplication.translate("SettingsDialog", u"Authentication user (if different)", None))
#if QT_CONFIG(accessibility)
        self.sipAuthUser.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Authentication user (if different)", None))
#endif // QT_CONFIG(accessibility)
        self.sipAuthUserError.setText("")
#if QT_CONFIG(accessibility)
        self.sipAuthUserError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Authentication user (if different): problem", None))
#endif // QT_CONFIG(accessibility)
        self.sipPasswordLabel.setText(QCoreApplication.translate("SettingsDialog", u"Password", None))
#if QT_CONFIG(accessibility)
        self.sipPassword.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Password", None))
#endif // QT_CONFIG(accessibility)
        self.sipPasswordError.setText("")
#if QT_CONFIG(accessibility)
        self.sipPasswordError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Password: problem", None))
#endif // QT_CONFIG(accessibility)
        self.sipDisplayNameLabel.setText(QCoreApplication.translate("SettingsDialog", u"Display name", None))
#if QT_CONFIG(accessibility)
        self.sipDisplayName.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Display name", None))
#endif // QT_CONFIG(accessibility)
        self.sipDisplayNameError.setText("")
#if QT_CONFIG(accessibility)
        self.sipDisplayNameError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Display name: problem", None))
#endif // QT_CONFIG(accessibility)
        self.sipTransportLabel.setText(QCoreApplication.translate("SettingsDialog", u"Transport", None))
#if QT_CONFIG(accessibility)
        self.sipTransport.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Transport", None))
#endif // QT_CONFIG(accessibility)
        self.sipTransportError.setText("")
#if QT_CONFIG(accessibility)
        self.sipTransportError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Transport: problem", None))
#endif // QT_CONFIG(accessibility)
        self.sipSrtpLabel.setText(QCoreApplication.translate("SettingsDialog", u"Encryption (SRTP)", None))
#if QT_CONFIG(accessibility)
        self.sipSrtp.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Encryption (SRTP)", None))
#endif // QT_CONFIG(accessibility)
        self.sipSrtpError.setText("")
#if QT_CONFIG(accessibility)
        self.sipSrtpError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Encryption (SRTP): problem", None))
#endif // QT_CONFIG(accessibility)
        self.sipOutboundProxyLabel.setText(QCoreApplication.translate("SettingsDialog", u"Outbound proxy (optional)", None))
#if QT_CONFIG(accessibility)
        self.sipOutboundProxy.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Outbound proxy (optional)", None))
#endif // QT_CONFIG(accessibility)
        self.sipOutboundProxyError.setText("")
#if QT_CONFIG(accessibility)
        self.sipOutboundProxyError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Outbound proxy (optional): problem", None))
#endif // QT_CONFIG(accessibility)
        self.sipStunServerLabel.setText(QCoreApplication.translate("SettingsDialog", u"STUN server (optional)", None))
#if QT_CONFIG(accessibility)
        self.sipStunServer.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"STUN server (optional)", None))
#endif // QT_CONFIG(accessibility)
        self.sipStunServerError.setText("")
#if QT_CONFIG(accessibility)
        self.sipStunServerError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"STUN server (optional): problem", None))
#endif // QT_CONFIG(accessibility)
        self.sipTlsPinLabel.setText(QCoreApplication.translate("SettingsDialog", u"Pinned certificate fingerprint (optional)", None))
#if QT_CONFIG(accessibility)
        self.sipTlsPin.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Pinned certificate fingerprint (optional)", None))
#endif // QT_CONFIG(accessibility)
        self.sipTlsPinError.setText("")
#if QT_CONFIG(accessibility)
        self.sipTlsPinError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Pinned certificate fingerprint (optional): problem", None))
#endif // QT_CONFIG(accessibility)
        self.sipTestButton.setText(QCoreApplication.translate("SettingsDialog", u"Test registration", None))
#if QT_CONFIG(accessibility)
        self.sipTestButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Test registration", None))
#endif // QT_CONFIG(accessibility)
        self.sipTestResult.setText("")
#if QT_CONFIG(accessibility)
        self.sipTestResult.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Result of test registration", None))
#endif // QT_CONFIG(accessibility)
        self.settingsTabs.setTabText(self.settingsTabs.indexOf(self.sipTab), QCoreApplication.translate("SettingsDialog", u"Softphone", None))
        self.cstaEnabled.setText(QCoreApplication.translate("SettingsDialog", u"Connect to the PBX's CSTA interface", None))
#if QT_CONFIG(accessibility)
        self.cstaEnabled.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Connect to the PBX's CSTA interface", None))
#endif // QT_CONFIG(accessibility)
        self.cstaEnabledError.setText("")
#if QT_CONFIG(accessibility)
        self.cstaEnabledError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Connect to the PBX's CSTA interface: problem", None))
#endif // QT_CONFIG(accessibility)
        self.cstaHostLabel.setText(QCoreApplication.translate("SettingsDialog", u"PBX address", None))
#if QT_CONFIG(accessibility)
        self.cstaHost.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"PBX address", None))
#endif // QT_CONFIG(accessibility)
        self.cstaHostError.setText("")
#if QT_CONFIG(accessibility)
        self.cstaHostError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"PBX address: problem", None))
#endif // QT_CONFIG(accessibility)
        self.cstaPortLabel.setText(QCoreApplication.translate("SettingsDialog", u"Port", None))
#if QT_CONFIG(accessibility)
        self.cstaPort.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Port", None))
#endif // QT_CONFIG(accessibility)
        self.cstaPortError.setText("")
#if QT_CONFIG(accessibility)
        self.cstaPortError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Port: problem", None))
#endif // QT_CONFIG(accessibility)
        self.cstaFramingLabel.setText(QCoreApplication.translate("SettingsDialog", u"Framing", None))
#if QT_CONFIG(accessibility)
        self.cstaFraming.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Framing", None))
#endif // QT_CONFIG(accessibility)
        self.cstaFramingError.setText("")
#if QT_CONFIG(accessibility)
        self.cstaFramingError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Framing: problem", None))
#endif // QT_CONFIG(accessibility)
        self.cstaLoginLabel.setText(QCoreApplication.translate("SettingsDialog", u"CSTA login name", None))
#if QT_CONFIG(accessibility)
        self.cstaLogin.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"CSTA login name", None))
#endif // QT_CONFIG(accessibility)
        self.cstaLoginError.setText("")
#if QT_CONFIG(accessibility)
        self.cstaLoginError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"CSTA login name: problem", None))
#endif // QT_CONFIG(accessibility)
        self.cstaPasswordLabel.setText(QCoreApplication.translate("SettingsDialog", u"CSTA password", None))
#if QT_CONFIG(accessibility)
        self.cstaPassword.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"CSTA password", None))
#endif // QT_CONFIG(accessibility)
        self.cstaPasswordError.setText("")
#if QT_CONFIG(accessibility)
        self.cstaPasswordError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"CSTA password: problem", None))
#endif // QT_CONFIG(accessibility)
        self.cstaOwnExtensionLabel.setText(QCoreApplication.translate("SettingsDialog", u"My desk phone extension", None))
#if QT_CONFIG(accessibility)
        self.cstaOwnExtension.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"My desk phone extension", None))
#endif // QT_CONFIG(accessibility)
        self.cstaOwnExtensionError.setText("")
#if QT_CONFIG(accessibility)
        self.cstaOwnExtensionError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"My desk phone extension: problem", None))
#endif // QT_CONFIG(accessibility)
        self.cstaMonitoredLabel.setText(QCoreApplication.translate("SettingsDialog", u"Colleagues to watch (e.g. 100-149, 201)", None))
#if QT_CONFIG(accessibility)
        self.cstaMonitored.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Colleagues to watch (e.g. 100-149, 201)", None))
#endif // QT_CONFIG(accessibility)
        self.cstaMonitoredError.setText("")
#if QT_CONFIG(accessibility)
        self.cstaMonitoredError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Colleagues to watch (e.g. 100-149, 201): problem", None))
#endif // QT_CONFIG(accessibility)
        self.cstaTestButton.setText(QCoreApplication.translate("SettingsDialog", u"Test connection", None))
#if QT_CONFIG(accessibility)
        self.cstaTestButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Test connection", None))
#endif // QT_CONFIG(accessibility)
        self.cstaTestResult.setText("")
#if QT_CONFIG(accessibility)
        self.cstaTestResult.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Result of test connection", None))
#endif // QT_CONFIG(accessibility)
        self.settingsTabs.setTabText(self.settingsTabs.indexOf(self.cstaTab), QCoreApplication.translate("SettingsDialog", u"Desk phone (CTI)", None))
        self.journalBackendLabel.setText(QCoreApplication.translate("SettingsDialog", u"Store", None))
#if QT_CONFIG(accessibility)
        self.journalBackend.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Store", None))
#endif // QT_CONFIG(accessibility)
        self.journalBackendError.setText("")
#if QT_CONFIG(accessibility)
        self.journalBackendError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Store: problem", None))
#endif // QT_CONFIG(accessibility)
        self.journalSqlitePathLabel.setText(QCoreApplication.translate("SettingsDialog", u"Journal file (empty: default)", None))
#if QT_CONFIG(accessibility)
        self.journalSqlitePath.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Journal file (empty: default)", None))
#endif // QT_CONFIG(accessibility)
        self.journalSqlitePathError.setText("")
#if QT_CONFIG(accessibility)
        self.journalSqlitePathError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Journal file (empty: default): problem", None))
#endif // QT_CONFIG(accessibility)
        self.journalPostgresDsnLabel.setText(QCoreApplication.translate("SettingsDialog", u"Shared journal (PostgreSQL, without password)", None))
#if QT_CONFIG(accessibility)
        self.journalPostgresDsn.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Shared journal (PostgreSQL, without password)", None))
#endif // QT_CONFIG(accessibility)
        self.journalPostgresDsnError.setText("")
#if QT_CONFIG(accessibility)
        self.journalPostgresDsnError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Shared journal (PostgreSQL, without password): problem", None))
#endif // QT_CONFIG(accessibility)
        self.journalPostgresPasswordLabel.setText(QCoreApplication.translate("SettingsDialog", u"PostgreSQL password", None))
#if QT_CONFIG(accessibility)
        self.journalPostgresPassword.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"PostgreSQL password", None))
#endif // QT_CONFIG(accessibility)
        self.journalPostgresPasswordError.setText("")
#if QT_CONFIG(accessibility)
        self.journalPostgresPasswordError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"PostgreSQL password: problem", None))
#endif // QT_CONFIG(accessibility)
        self.journalTimezoneLabel.setText(QCoreApplication.translate("SettingsDialog", u"PBX time zone (e.g. Europe/Berlin; empty: this computer's)", None))
#if QT_CONFIG(accessibility)
        self.journalTimezone.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"PBX time zone (e.g. Europe/Berlin; empty: this computer's)", None))
#endif // QT_CONFIG(accessibility)
        self.journalTimezoneError.setText("")
#if QT_CONFIG(accessibility)
        self.journalTimezoneError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"PBX time zone (e.g. Europe/Berlin; empty: this computer's): problem", None))
#endif // QT_CONFIG(accessibility)
        self.cdrEnabled.setText(QCoreApplication.translate("SettingsDialog", u"Collect call data records from the PBX (one collector per office)", None))
#if QT_CONFIG(accessibility)
        self.cdrEnabled.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Collect call data records from the PBX (one collector per office)", None))
#endif // QT_CONFIG(accessibility)
        self.cdrEnabledError.setText("")
#if QT_CONFIG(accessibility)
        self.cdrEnabledError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Collect call data records from the PBX (one collector per office): problem", None))
#endif // QT_CONFIG(accessibility)
        self.cdrHostLabel.setText(QCoreApplication.translate("SettingsDialog", u"PBX web address for CDR", None))
#if QT_CONFIG(accessibility)
        self.cdrHost.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"PBX web address for CDR", None))
#endif // QT_CONFIG(accessibility)
        self.cdrHostError.setText("")
#if QT_CONFIG(accessibility)
        self.cdrHostError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"PBX web address for CDR: problem", None))
#endif // QT_CONFIG(accessibility)
        self.cdrUserLabel.setText(QCoreApplication.translate("SettingsDialog", u"WBM user", None))
#if QT_CONFIG(accessibility)
        self.cdrUser.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"WBM user", None))
#endif // QT_CONFIG(accessibility)
        self.cdrUserError.setText("")
#if QT_CONFIG(accessibility)
        self.cdrUserError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"WBM user: problem", None))
#endif // QT_CONFIG(accessibility)
        self.cdrPasswordLabel.setText(QCoreApplication.translate("SettingsDialog", u"WBM password", None))
#if QT_CONFIG(accessibility)
        self.cdrPassword.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"WBM password", None))
#endif // QT_CONFIG(accessibility)
        self.cdrPasswordError.setText("")
#if QT_CONFIG(accessibility)
        self.cdrPasswordError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"WBM password: problem", None))
#endif // QT_CONFIG(accessibility)
        self.cdrTlsPinLabel.setText(QCoreApplication.translate("SettingsDialog", u"Pinned certificate fingerprint", None))
#if QT_CONFIG(accessibility)
        self.cdrTlsPin.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Pinned certificate fingerprint", None))
#endif // QT_CONFIG(accessibility)
        self.cdrTlsPinError.setText("")
#if QT_CONFIG(accessibility)
        self.cdrTlsPinError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Pinned certificate fingerprint: problem", None))
#endif // QT_CONFIG(accessibility)
        self.wsiEnabled.setText(QCoreApplication.translate("SettingsDialog", u"Use UC presence (Web Services Interface)", None))
#if QT_CONFIG(accessibility)
        self.wsiEnabled.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Use UC presence (Web Services Interface)", None))
#endif // QT_CONFIG(accessibility)
        self.wsiEnabledError.setText("")
#if QT_CONFIG(accessibility)
        self.wsiEnabledError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Use UC presence (Web Services Interface): problem", None))
#endif // QT_CONFIG(accessibility)
        self.wsiHostLabel.setText(QCoreApplication.translate("SettingsDialog", u"WSI address", None))
#if QT_CONFIG(accessibility)
        self.wsiHost.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"WSI address", None))
#endif // QT_CONFIG(accessibility)
        self.wsiHostError.setText("")
#if QT_CONFIG(accessibility)
        self.wsiHostError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"WSI address: problem", None))
#endif // QT_CONFIG(accessibility)
        self.wsiPortLabel.setText(QCoreApplication.translate("SettingsDialog", u"WSI port", None))
#if QT_CONFIG(accessibility)
        self.wsiPort.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"WSI port", None))
#endif // QT_CONFIG(accessibility)
        self.wsiPortError.setText("")
#if QT_CONFIG(accessibility)
        self.wsiPortError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"WSI port: problem", None))
#endif // QT_CONFIG(accessibility)
        self.wsiHttps.setText(QCoreApplication.translate("SettingsDialog", u"HTTPS", None))
#if QT_CONFIG(accessibility)
        self.wsiHttps.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"HTTPS", None))
#endif // QT_CONFIG(accessibility)
        self.wsiHttpsError.setText("")
#if QT_CONFIG(accessibility)
        self.wsiHttpsError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"HTTPS: problem", None))
#endif // QT_CONFIG(accessibility)
        self.wsiUserLabel.setText(QCoreApplication.translate("SettingsDialog", u"UC user (extension)", None))
#if QT_CONFIG(accessibility)
        self.wsiUser.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"UC user (extension)", None))
#endif // QT_CONFIG(accessibility)
        self.wsiUserError.setText("")
#if QT_CONFIG(accessibility)
        self.wsiUserError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"UC user (extension): problem", None))
#endif // QT_CONFIG(accessibility)
        self.wsiPasswordLabel.setText(QCoreApplication.translate("SettingsDialog", u"UC password", None))
#if QT_CONFIG(accessibility)
        self.wsiPassword.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"UC password", None))
#endif // QT_CONFIG(accessibility)
        self.wsiPasswordError.setText("")
#if QT_CONFIG(accessibility)
        self.wsiPasswordError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"UC password: problem", None))
#endif // QT_CONFIG(accessibility)
        self.journalTestButton.setText(QCoreApplication.translate("SettingsDialog", u"Test journal", None))
#if QT_CONFIG(accessibility)
        self.journalTestButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Test journal", None))
#endif // QT_CONFIG(accessibility)
        self.journalTestResult.setText("")
#if QT_CONFIG(accessibility)
        self.journalTestResult.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Result of test journal", None))
#endif // QT_CONFIG(accessibility)
        self.settingsTabs.setTabText(self.settingsTabs.indexOf(self.journalTab), QCoreApplication.translate("SettingsDialog", u"Journal", None))
        self.audioCaptureLabel.setText(QCoreApplication.translate("SettingsDialog", u"Microphone", None))
#if QT_CONFIG(accessibility)
        self.audioCapture.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Microphone", None))
#endif // QT_CONFIG(accessibility)
        self.audioCaptureError.setText("")
#if QT_CONFIG(accessibility)
        self.audioCaptureError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Microphone: problem", None))
#endif // QT_CONFIG(accessibility)
        self.audioPlaybackLabel.setText(QCoreApplication.translate("SettingsDialog", u"Speaker / headset", None))
#if QT_CONFIG(accessibility)
        self.audioPlayback.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Speaker / headset", None))
#endif // QT_CONFIG(accessibility)
        self.audioPlaybackError.setText("")
#if QT_CONFIG(accessibility)
        self.audioPlaybackError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Speaker / headset: problem", None))
#endif // QT_CONFIG(accessibility)
        self.audioRingerLabel.setText(QCoreApplication.translate("SettingsDialog", u"Ringer", None))
#if QT_CONFIG(accessibility)
        self.audioRinger.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Ringer", None))
#endif // QT_CONFIG(accessibility)
        self.audioRingerError.setText("")
#if QT_CONFIG(accessibility)
        self.audioRingerError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Ringer: problem", None))
#endif // QT_CONFIG(accessibility)
        self.micLevelLabel.setText(QCoreApplication.translate("SettingsDialog", u"Microphone level", None))
#if QT_CONFIG(accessibility)
        self.micLevel.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Microphone level", None))
#endif // QT_CONFIG(accessibility)
        self.audioTestToneButton.setText(QCoreApplication.translate("SettingsDialog", u"Play test tone", None))
#if QT_CONFIG(accessibility)
        self.audioTestToneButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Play test tone", None))
#endif // QT_CONFIG(accessibility)
        self.audioTestToneResult.setText("")
#if QT_CONFIG(accessibility)
        self.audioTestToneResult.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Result of play test tone", None))
#endif // QT_CONFIG(accessibility)
        self.settingsTabs.setTabText(self.settingsTabs.indexOf(self.audioTab), QCoreApplication.translate("SettingsDialog", u"Audio", None))
        self.uiThemeLabel.setText(QCoreApplication.translate("SettingsDialog", u"Theme", None))
#if QT_CONFIG(accessibility)
        self.uiTheme.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Theme", None))
#endif // QT_CONFIG(accessibility)
        self.uiThemeError.setText("")
#if QT_CONFIG(accessibility)
        self.uiThemeError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Theme: problem", None))
#endif // QT_CONFIG(accessibility)
        self.uiLanguageLabel.setText(QCoreApplication.translate("SettingsDialog", u"Language", None))
#if QT_CONFIG(accessibility)
        self.uiLanguage.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Language", None))
#endif // QT_CONFIG(accessibility)
        self.uiLanguageError.setText("")
#if QT_CONFIG(accessibility)
        self.uiLanguageError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Language: problem", None))
#endif // QT_CONFIG(accessibility)
        self.uiStartMinimised.setText(QCoreApplication.translate("SettingsDialog", u"Start minimised to the tray", None))
#if QT_CONFIG(accessibility)
        self.uiStartMinimised.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Start minimised to the tray", None))
#endif // QT_CONFIG(accessibility)
        self.uiStartMinimisedError.setText("")
#if QT_CONFIG(accessibility)
        self.uiStartMinimisedError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Start minimised to the tray: problem", None))
#endif // QT_CONFIG(accessibility)
        self.uiCloseToTray.setText(QCoreApplication.translate("SettingsDialog", u"Closing the window keeps Tandem in the tray", None))
#if QT_CONFIG(accessibility)
        self.uiCloseToTray.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Closing the window keeps Tandem in the tray", None))
#endif // QT_CONFIG(accessibility)
        self.uiCloseToTrayError.setText("")
#if QT_CONFIG(accessibility)
        self.uiCloseToTrayError.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Closing the window keeps Tandem in the tray: problem", None))
#endif // QT_CONFIG(accessibility)
        self.settingsTabs.setTabText(self.settingsTabs.indexOf(self.appearanceTab), QCoreApplication.translate("SettingsDialog", u"Appearance", None))
        self.passwordNotice.setText("")
#if QT_CONFIG(accessibility)
        self.passwordNotice.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Password storage notice", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.buttonBox.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Save or cancel", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

